from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from deportation.importers import AIRPORTS_FILE
from deportation.observations import AirportFileError, parse_airports
from deportation.services import airports_load


class Command(BaseCommand):
    help = (
        "Load the reference list of airports (ICAO code, country, region, city, coordinates); "
        "creates new codes and updates changed ones. Default: SHARED_DATA_DIR/" + AIRPORTS_FILE
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")

    def handle(self, *args, path: Path | None, **options):
        path = path or Path(settings.SHARED_DATA_DIR) / AIRPORTS_FILE
        try:
            airports = parse_airports(path.read_bytes(), filename=path.name)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        except AirportFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError("Nothing was loaded: fix the lines above and run again.") from None
        report = airports_load(airports=airports, update_existing=True)
        self.stdout.write(
            f"Airports from {path.name}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
