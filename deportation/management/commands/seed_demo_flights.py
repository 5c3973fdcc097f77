from django.core.management.base import BaseCommand
from django.utils import timezone

from deportation.demo import seed_flights


class Command(BaseCommand):
    help = (
        "Demo data of the flight area: the real observation logs (if SHARED_DATA_DIR has "
        "them), invented charters and invented removed people. Run after seed_demo; safe to "
        "run twice."
    )

    def handle(self, *args, **options):
        report = seed_flights(today=timezone.localdate())
        self.stdout.write(
            f"Flights: {report.log_flights} from the observation logs, "
            f"{report.charters_created} invented charters; "
            f"{report.people_created} invented removals."
        )
