"""Locust users for tests/reliability/test_load.py: each logs in through the login form as
one of RELIABILITY_USERS and walks the main pages. Run only by that test (loopback)."""

import itertools
import os
import re

from locust import HttpUser, between, task

USERS = itertools.cycle(os.environ["RELIABILITY_USERS"].split(","))
PASSWORD = os.environ["RELIABILITY_PASSWORD"]
PEOPLE = os.environ["RELIABILITY_PEOPLE"].split(",")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Caseworker(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            data={"username": next(USERS), "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
        )

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def people(self):
        self.client.get("/cases/", name="people list")

    @task(2)
    def search(self):
        self.client.get("/cases/?q=person", name="people search")

    @task(3)
    def person(self):
        reference = PEOPLE[hash(self) % len(PEOPLE)]
        self.client.get(f"/cases/{reference}/", name="person page")

    @task(1)
    def facilities(self):
        self.client.get("/detention/facilities/", name="facility list")

    @task(1)
    def flights(self):
        self.client.get("/deportation/flights/", name="flight list")
