from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caseworks.imports import ImportRejected
from detention.importers import import_facilities


class Command(BaseCommand):
    help = "Import the ICE detention facility list (pipe-separated, optionally gzipped)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        parser.add_argument("--verbose-skips", action="store_true", help="List every skipped line.")

    def handle(self, *args, path: Path, dry_run: bool, verbose_skips: bool, **options):
        try:
            report = import_facilities(path, dry_run=dry_run)
        except ImportRejected as rejected:
            for line in rejected.report.lines():
                self.stderr.write(line)
            raise CommandError("Nothing was imported: fix the lines above and run again.") from None
        lines = report.lines()
        if not verbose_skips and report.skipped:
            lines = [
                *lines[: 1 + len(report.errors)],
                f"  {len(report.skipped)} lines skipped: redacted Office of Refugee "
                "Resettlement sites (no code, name or address). --verbose-skips lists them.",
            ]
        for line in lines:
            self.stdout.write(line)
