"""Evidence uploads: type decided by content, size limited, stored under a random name, and
downloaded only by people on the case, as an attachment, with an access-log entry."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from caseworks.models import AccessLog

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _upload(client, user, seeker, name, content, **extra):
    client.force_login(user)
    data = {
        "file": SimpleUploadedFile(name, content),
        "title": "Summons",
        "kind": "charge",
        **extra,
    }
    data.setdefault("translation_status", "needed")
    return client.post(reverse("cases:document_create", args=[seeker.reference]), data)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("Orlov summons.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "statement.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("letter.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_document_upload_accepts_evidence_by_content(
    client, caseworker, seeker, name, content, mime
):
    response = _upload(client, caseworker, seeker, name, content)
    assert response["Location"] == f"{seeker.get_absolute_url()}#documents"
    document = Document.objects.get()
    assert (document.content_type, document.original_name, document.size) == (
        mime,
        name,
        len(content),
    )
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "Orlov" not in document.file.name and document.file.name.startswith(
        f"documents/{seeker.pk}/"
    )
    assert document.uploaded_by == caseworker


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"MZ\x90\x00 this is a windows program"),
        ("notes.pdf", b"just some text"),
        ("archive.docx", _zip({"readme.txt": b"hello"})),
        ("macro.odt", _zip({"mimetype": b"application/x-evil"})),
    ],
)
def test_document_upload_refuses_other_content_whatever_its_name(
    client, caseworker, seeker, name, content
):
    response = _upload(client, caseworker, seeker, name, content, title="Kept title")
    assert response.status_code == 422
    assert (
        "We check what the file contains, not its name."
        in response.context["form"].errors["file"][0]
    )
    assert 'value="Kept title"' in response.content.decode()
    assert not Document.objects.exists()


def test_document_upload_names_the_size_limit(client, caseworker, seeker, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = _upload(client, caseworker, seeker, "big.pdf", PDF + b"0" * 2048)
    assert response.context["form"].errors["file"] == [
        "This file is 2.0\xa0KB; the limit is 1.0\xa0KB."
    ]


def test_document_download_is_an_audited_attachment(client, lawyer, seeker):
    _upload(client, lawyer, seeker, "Orlov summons.pdf", PDF)
    document = Document.objects.get()
    response = client.get(reverse("cases:document_download", args=[seeker.reference, document.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Orlov summons.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD_DOCUMENT)
    assert (log.user, log.seeker_id, log.object_id) == (lawyer, seeker.pk, document.pk)


def test_document_download_is_404_for_an_unassigned_lawyer(
    client, caseworker, other_lawyer, seeker
):
    _upload(client, caseworker, seeker, "a.pdf", PDF)
    client.force_login(other_lawyer)
    url = reverse("cases:document_download", args=[seeker.reference, Document.objects.get().pk])
    assert client.get(url).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD_DOCUMENT).exists()


def test_document_edit_changes_details_not_the_file(client, caseworker, seeker):
    _upload(client, caseworker, seeker, "a.pdf", PDF)
    document = Document.objects.get()
    url = reverse("cases:document_update", args=[seeker.reference, document.pk])
    assert "file" not in client.get(url).context["form"].fields
    client.post(
        url, {"title": "Summons (translated)", "kind": "charge", "translation_status": "certified"}
    )
    document.refresh_from_db()
    assert (document.title, document.translation_status) == ("Summons (translated)", "certified")
