"""The core journey in a real browser: a caseworker registers a detained person with a Cyrillic
name, records two transfers, a failed call and a hearing decision, then finds the person again
by a Latin spelling and by A-number. Each page is checked with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caseworks.enums import Role
from tests.factories import FacilityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def facilities():
    FacilityFactory(
        code="IRADFCA",
        name="IMPERIAL REGIONAL DETENTION FACILITY",
        city="CALEXICO",
        state="CA",
        circuit=9,
        aor="SND",
    )
    FacilityFactory(
        code="SLRDCAZ",
        name="SAN LUIS REGIONAL DETENTION CENTER",
        city="SAN LUIS",
        state="AZ",
        circuit=9,
        aor="PHO",
    )
    FacilityFactory(
        code="JENADLA",
        name="CENTRAL LOUISIANA ICE PROCESSING CENTER",
        city="JENA",
        state="LA",
        circuit=5,
        aor="NOL",
    )


def _pick_facility(page, typed: str, code: str) -> None:
    """Type into the facility box, wait for htmx's suggestions, take the one for `code`."""
    box = page.locator("input[list]")
    box.fill(typed)
    option = page.locator(f"datalist option[value^='{code}']")
    option.wait_for(state="attached")
    box.fill(option.get_attribute("value"))


def test_caseworker_journey(live_server, page, shot, accessible, facilities):
    UserFactory(username="katya", role=Role.CASEWORKER, first_name="Katya", last_name="Caseworker")
    today = timezone.localdate()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("katya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="This week").wait_for()
    accessible("dashboard")
    shot("01-dashboard")

    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Register a person").click()
    page.get_by_label("Name in Latin letters").fill("Pavel Orlov")
    page.get_by_label("Name in original script").fill("Павел Орлов")
    page.get_by_label("Date of birth").fill("1991-03-14")
    page.get_by_label("A-number").fill("A-201-555-014")
    page.get_by_label("Country of nationality").select_option("RU")
    page.get_by_label("Date of last arrival").fill(day(40))
    accessible("register")
    shot("02-register")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Pavel Orlov").wait_for()
    assert "Pro se:" in page.content()

    page.get_by_role("link", name="Record detention").first.click()
    _pick_facility(page, "imperial", "IRADFCA")
    page.get_by_label("From").fill(day(40))
    accessible("record detention")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Record a transfer").first.click()
    _pick_facility(page, "san luis", "SLRDCAZ")
    page.get_by_label("Date of the transfer").fill(day(20))
    page.get_by_label("Reason").fill("Bed space")
    page.get_by_label("No", exact=True).check()
    accessible("transfer")
    shot("03-transfer-form")
    page.get_by_role("button", name="Record the transfer").click()
    assert page.get_by_text("changes the ICE area of responsibility (SND → PHO)").is_visible()

    page.get_by_role("link", name="Record a transfer").first.click()
    _pick_facility(page, "jena", "JENADLA")
    page.get_by_label("Date of the transfer").fill(day(5))
    page.get_by_role("button", name="Record the transfer").click()
    assert page.get_by_text("changes the federal circuit (9 → 5)").is_visible()
    shot("04-after-transfers")

    page.get_by_role("link", name="Log a call").first.click()
    page.get_by_label("No answer").check()
    accessible("log a call")
    shot("05-log-call")
    page.get_by_role("button", name="Log it").click()
    assert page.get_by_text("Contact logged.").is_visible()

    page.get_by_role("link", name="Add a hearing").first.click()
    page.get_by_label("Kind").select_option("individual")
    page.get_by_label("Hearing date").fill(day(2))
    page.get_by_label("Immigration court").fill("Oakdale Immigration Court")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Outcome").select_option("denied_removal")
    page.get_by_label("Decision served").select_option("oral")
    accessible("decision")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Decision recorded.").is_visible()
    header = page.locator("header").inner_text()
    assert "Central Louisiana Ice Processing Center" in header and "41" in header
    chronology = page.locator("#chronology").inner_text()
    for step in (
        "Decision: Denied, ordered removed",
        "Phone call: No answer",
        "Transferred to Central Louisiana",
        "Transferred to San Luis",
        "Detained at Imperial",
    ):
        assert step in chronology
    accessible("person page")
    shot("06-person")

    for query, name in [("orloff", "latin"), ("201555014", "a-number")]:
        page.goto(f"{live_server.url}/cases/?q={query}")
        assert page.locator("tbody tr").count() == 1
        assert "Pavel Orlov" in page.locator("tbody").inner_text()
        shot(f"07-search-{name}")
    accessible("people list")


@pytest.mark.parametrize("page", [{"width": 390, "height": 844}], indirect=True)
def test_person_page_fits_a_phone(live_server, page, shot, facilities):
    from cases.services import seeker_register

    UserFactory(username="katya", role=Role.CASEWORKER)
    seeker = seeker_register(by=None, name_latin="Pavel Orlov", name_original="Павел Орлов")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("katya")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path, name in [
        (seeker.get_absolute_url(), "person"),
        ("/cases/", "list"),
        ("/", "dashboard"),
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        shot(f"phone-{name}")
