from django.core.management.base import BaseCommand

from cases.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = "Load invented demo people and one demo user per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=20, help="Varied cases besides the reference story."
        )

    def handle(self, *args, people: int, **options):
        report = seed_demo(people=people)
        self.stdout.write(
            f"Demo data: {report.people_created} people created, "
            f"{report.people_existing} already there; {report.users_created} users created."
        )
        names = ", ".join(username for username, *_ in DEMO_USERS)
        self.stdout.write(f"Demo users: {names} — password: {DEMO_PASSWORD}")
