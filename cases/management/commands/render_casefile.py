import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.enums import CaseFileEdition, CaseFileStatus
from cases.models import AsylumSeeker
from cases.services import casefile_render, casefile_request


class Command(BaseCommand):
    help = (
        "Render one person's case file in this process, through the same request and render "
        "services as the web page (the row and the stored file included)."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The case reference, e.g. CW-H95TDM.")
        parser.add_argument(
            "--edition", choices=CaseFileEdition.values, default=CaseFileEdition.FULL
        )
        parser.add_argument("--output", type=Path, help="Also write the PDF to this path.")

    def handle(self, *args, reference: str, edition: str, output: Path | None, **options):
        seeker = AsylumSeeker.objects.filter(reference=reference).first()
        if seeker is None:
            raise CommandError(f"No case with the reference {reference!r}.")
        started = time.perf_counter()
        casefile = casefile_request(seeker=seeker, edition=edition, by=None, enqueue=False)
        casefile = casefile_render(casefile_id=casefile.pk) or casefile
        casefile.refresh_from_db()
        seconds = time.perf_counter() - started
        if casefile.status != CaseFileStatus.READY:
            raise CommandError(
                f"Case file no. {casefile.pk} is {casefile.status}: {casefile.error or '-'}"
            )
        if output is not None:
            with casefile.file.open("rb") as source:
                output.write_bytes(source.read())
        self.stdout.write(
            f"Case file no. {casefile.pk} ({edition}): {casefile.page_count} pages, "
            f"{casefile.size} bytes, sha256 {casefile.sha256}, {seconds:.2f} s"
            + (f", written to {output}" if output else "")
        )
