"""The real ICE facility list: 1,685 data rows = 1,478 real location codes + 207 redacted
ORR rows (counted with `zcat ... | awk -F'|' 'NR>1 && $1!="Redacted"' | wc -l`)."""

import gzip
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caseworks.imports import ImportRejected
from detention.importers import import_facilities
from detention.models import Facility

pytestmark = pytest.mark.django_db

HEADER = (
    "detloc|name|address|city|county|state|zip|circuit|aor|type|type_detailed|"
    "facility_operator|fy18_alos"
)


@pytest.fixture
def facility_file(shared_data_dir):
    return shared_data_dir / "ice-facilities-2017.csv.gz"


def test_import_loads_every_real_location_and_skips_redacted(facility_file):
    report = import_facilities(facility_file)
    assert (report.created, report.updated, len(report.skipped), report.errors) == (
        1478,
        0,
        207,
        [],
    )
    assert Facility.objects.count() == 1478
    calexico = Facility.objects.get(code="IRADFCA")
    assert (calexico.name, calexico.city, calexico.state, calexico.zip_code) == (
        "IMPERIAL REGIONAL DETENTION FACILITY",
        "CALEXICO",
        "CA",
        "92231",
    )
    assert (calexico.circuit, calexico.aor, calexico.type) == (9, "SND", "IGSA")
    assert calexico.average_stay_days == Decimal("8.96")
    assert Facility.objects.get(code="SLRDCAZ").circuit == 9


def test_second_import_changes_nothing(facility_file):
    import_facilities(facility_file)
    report = import_facilities(facility_file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1478)
    assert Facility.objects.count() == 1478


def test_reimport_updates_a_changed_row(facility_file):
    import_facilities(facility_file)
    Facility.objects.filter(code="IRADFCA").update(name="OLD NAME")
    report = import_facilities(facility_file)
    assert (report.created, report.updated) == (0, 1)
    assert Facility.objects.get(code="IRADFCA").name == "IMPERIAL REGIONAL DETENTION FACILITY"


def test_broken_row_rejects_whole_file_with_line_number(tmp_path):
    path = tmp_path / "facilities.csv.gz"
    rows = [
        HEADER,
        "GOODONE|GOOD FACILITY|1 MAIN ST|CALEXICO|IMPERIAL|CA|92231|9.0|SND|IGSA|DIGSA|X|8.0",
        "BADCIRC|BAD FACILITY|2 MAIN ST|CALEXICO|IMPERIAL|CA|92231|14.0|SND|IGSA|DIGSA|X|nan",
    ]
    path.write_bytes(gzip.compress("\n".join(rows).encode()))
    with pytest.raises(ImportRejected) as excinfo:
        import_facilities(path)
    assert excinfo.value.report.errors == [(3, "circuit '14.0' is not a federal circuit 1-11")]
    assert Facility.objects.count() == 0


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "facilities.csv"
    path.write_text("detloc|name\nABC|X\n")
    with pytest.raises(ImportRejected) as excinfo:
        import_facilities(path)
    assert excinfo.value.report.errors[0][0] == 1
    assert "missing column(s): address" in excinfo.value.report.errors[0][1]


def test_command_reports_and_fails_on_bad_file(tmp_path, capsys):
    path = tmp_path / "facilities.csv"
    path.write_text(HEADER + "\n|NO CODE|||||||||||\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_facilities", str(path))
    assert "line 2: error: a location code and a name are required" in capsys.readouterr().err


def test_dry_run_writes_nothing(facility_file):
    report = import_facilities(facility_file, dry_run=True)
    assert report.created == 1478
    assert Facility.objects.count() == 0
