from django.core.management.base import BaseCommand

from cases.alerts import sweep


class Command(BaseCommand):
    help = (
        "Run one alert sweep (what Celery beat runs every 15 minutes): create the alerts due "
        "now and enqueue their emails. Safe to run at any time, also twice."
    )

    def handle(self, *args, **options):
        report = sweep()
        self.stdout.write(
            f"Alerts due: {report.due}; new: {report.created}; emails enqueued: {report.enqueued}."
        )
