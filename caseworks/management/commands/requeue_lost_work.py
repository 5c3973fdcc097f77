from django.core.management.base import BaseCommand

from caseworks.queueing import requeue_lost_work


class Command(BaseCommand):
    help = (
        "Enqueue again the queued work (case files, flight imports, data exports) whose "
        "message the broker lost. Celery beat runs the same sweep every minute."
    )

    def handle(self, *args, **options):
        for model, count in requeue_lost_work().items():
            self.stdout.write(f"{model}: {count} re-enqueued.")
