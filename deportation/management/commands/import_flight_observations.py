import datetime as dt
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from caseworks.imports import ImportRejected
from deportation.importers import import_observations

# ICEAirKYKM20210625.csv: the log of one airport (KYKM) exported on one day.
_AIRPORT_IN_NAME = re.compile(r"ICEAir([A-Z0-9]{4})", re.IGNORECASE)


class Command(BaseCommand):
    help = (
        "Import community flight-observation logs (comma- or pipe-separated CSV). Each file "
        "is imported whole or not at all; importing a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", type=Path, nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Report, write nothing.")
        parser.add_argument(
            "--airport",
            help="ICAO code of the airport where the flights were observed "
            "(default: from a file name like ICEAirKYKM20210625.csv).",
        )
        parser.add_argument(
            "--export-date",
            type=dt.date.fromisoformat,
            help="YYYY-MM-DD the log was exported (default: from the file name, else the "
            "latest flight date in it). Only a newer export changes an imported flight.",
        )
        parser.add_argument(
            "--details", action="store_true", help="List every created or changed flight."
        )

    def handle(self, *args, paths, dry_run, airport, export_date, details, **options):
        rejected = 0
        for path in paths:
            observed_at = airport or _airport_from_name(path.name)
            if not observed_at:
                raise CommandError(
                    f"{path.name}: say where the flights were observed with --airport CODE."
                )
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
            try:
                report = import_observations(
                    data,
                    filename=path.name,
                    observed_at=observed_at,
                    export_date=export_date,
                    dry_run=dry_run,
                )
            except ImportRejected as exc:
                rejected += 1
                for line in exc.report.lines():
                    self.stderr.write(line)
                continue
            for line in report.lines(details=details or dry_run):
                self.stdout.write(line)
        if rejected:
            raise CommandError(
                f"{rejected} of {len(paths)} file(s) rejected: nothing of them was imported. "
                "Fix the lines above and run again."
            )


def _airport_from_name(name: str) -> str:
    match = _AIRPORT_IN_NAME.search(name)
    return match[1].upper() if match else ""
