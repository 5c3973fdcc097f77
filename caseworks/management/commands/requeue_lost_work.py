from django.core.management.base import BaseCommand

from caseworks.queueing import requeue_lost_work


class Command(BaseCommand):
    help = (
        "Enqueue again the queued work (case files, flight imports, data exports) whose "
        "message the broker lost, and queue again (or fail, after its last attempt) the work "
        "whose worker died. Celery beat runs the same sweep every minute."
    )

    def handle(self, *args, **options):
        for model, report in requeue_lost_work().items():
            self.stdout.write(f"{model}: {report.reenqueued} re-enqueued.")
            if report.requeued or report.failed:
                self.stdout.write(
                    f"{model}: {report.requeued} queued again and {report.failed} failed "
                    "after their worker stopped."
                )
