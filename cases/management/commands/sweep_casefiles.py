from django.core.management.base import BaseCommand

from cases.services import casefile_sweep


class Command(BaseCommand):
    help = (
        "Re-enqueue case files whose task was lost and re-queue (or fail) renders whose worker "
        "died. Celery beat runs the same sweep every minute."
    )

    def handle(self, *args, **options):
        report = casefile_sweep()
        self.stdout.write(
            f"{report.requeued} re-queued, {report.failed} failed, {report.reenqueued} re-enqueued."
        )
