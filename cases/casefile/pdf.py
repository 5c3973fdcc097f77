"""Case-file PDFs: a template rendered to HTML, and WeasyPrint turning it into a PDF.

`render_casefile_pdf(data)` returns the bytes and the page count; it touches no database row
(the caller, `cases.services.casefile_render`, stores the result). Runs in a Celery worker only.

What WeasyPrint may load: WeasyPrint fetches every URL the HTML or CSS names (stylesheets,
fonts, images). `StaticOnlyFetcher` answers only for the project's own static files, found
through the staticfiles finders under a virtual origin that never resolves; `file:`, `http(s):`,
`data:`, other hosts, path traversal and unexpected file types are refused. Text typed by users
reaches the template as autoescaped text, so a note holding `<img src="file:///etc/passwd">`
prints those characters and is never an element in the first place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .rows import CaseFileData

# The base URL of the PDF template. ".invalid" is reserved (RFC 2606): nothing is ever fetched
# from it over a network; the fetcher maps it onto the staticfiles finders.
STATIC_BASE = "https://static.caseworks.invalid/static/"
# The only kinds of file a case file needs: its stylesheet and its fonts.
ALLOWED_SUFFIXES = {".css": "text/css", ".ttf": "font/ttf"}
TEMPLATE = "casefile/casefile.html"


class RefusedURL(ValueError):
    """A URL the case-file renderer will not load."""


def static_path_for(url: str) -> Path:
    """The file behind one of our static URLs, or RefusedURL.

    1. Only `STATIC_BASE` (scheme, host and path prefix) is served: no file:, data:, http(s)
       elsewhere, no user info, port, query or fragment tricks.
    2. The rest must be a plain relative path after percent-decoding: no "..", ".", empty
       segments, backslashes or NUL, and one of ALLOWED_SUFFIXES.
    3. The staticfiles finders look it up (they also refuse paths leaving their folders).
    """
    base = urlsplit(STATIC_BASE)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query or parts.fragment:
        raise RefusedURL("not one of our static files")
    if not parts.path.startswith(base.path):
        raise RefusedURL("not one of our static files")
    relative = unquote(parts.path[len(base.path) :])
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        raise RefusedURL("not a plain relative path")
    segments = relative.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        raise RefusedURL("not a plain relative path")
    if PurePosixPath(relative).suffix.lower() not in ALLOWED_SUFFIXES:
        raise RefusedURL("not a stylesheet or font")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise RefusedURL("not a plain relative path") from exc
    if not found:
        raise RefusedURL("no such static file")
    return Path(found)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that serves our static files and nothing else."""

        def __init__(self):
            super().__init__(allowed_protocols=("https",), allow_redirects=False)

        def fetch(self, url, headers=None):
            path = static_path_for(url)
            content_type = ALLOWED_SUFFIXES[path.suffix.lower()]
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher


def static_only_fetcher():
    """A fresh fetcher instance (WeasyPrint is imported here, not at module import)."""
    return _fetcher_class()()


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    content: bytes
    page_count: int


def render_casefile_html(data: CaseFileData) -> str:
    return render_to_string(TEMPLATE, _context(data))


def render_casefile_pdf(data: CaseFileData) -> RenderedPdf:
    """Lay out and write the PDF of `data`."""
    from weasyprint import HTML

    html = HTML(
        string=render_casefile_html(data), base_url=STATIC_BASE, url_fetcher=static_only_fetcher()
    )
    document = html.render()
    return RenderedPdf(content=document.write_pdf(), page_count=len(document.pages))


def _context(data: CaseFileData) -> dict:
    sections = [
        ("summary", _("Summary")),
        ("chronology", _("Chronology")),
        ("detention", _("Detention history")),
        ("hearings", _("Hearings and decisions")),
        ("appeals", _("Appeals and motions")),
        ("deadlines", _("Deadlines")),
        ("charges", _("Charges in the home country")),
        ("contacts", _("Contact log")),
        ("evidence", _("Evidence index")),
    ]
    if data.removals:
        sections.append(("removal", _("Removal")))
    if data.person is not None:
        sections.append(("people", _("Family and contact persons")))
    if data.privileged:
        sections.append(("privileged", _("Privileged notes")))
    numbered = {key: (f"{n}.", title) for n, (key, title) in enumerate(sections, start=1)}
    return {
        "d": data,
        "lang": get_language() or "en",
        "sections": [(key, *numbered[key]) for key, _title in sections],
        "s": numbered,
        "title": _("Case file %(ident)s — %(edition)s")
        % {"ident": data.ident, "edition": data.edition_label},
        "page_label": page_label_parts(_("Page %(page)s of %(pages)s")),
    }


_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def page_label_parts(text: str) -> tuple[str, str, str]:
    """Split a translated "Page %(page)s of %(pages)s" into the words around the counters.

    The template puts them in data- attributes (autoescaped like any value) and the stylesheet
    turns them into the footer with string-set, so no translated text is pasted into CSS.
    A translation that names the total first falls back to "3 / 12".
    """
    pieces = _PLACEHOLDER.split(text)
    if pieces[1::2] != ["page", "pages"]:
        return "", " / ", ""
    return pieces[0], pieces[2], pieces[4]
