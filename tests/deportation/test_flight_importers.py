"""The flight-observation importer on the six real exports and on broken files.

Expected numbers come from reading the files with shell tools, never from the importer:

* Flight rows per file (`grep -cE '^"[^"]*"[,|][0-9]+[,|]' ICEAirKYKM*.csv`):
  34, 44, 62, 83, 93, 114.
* Keys new in each file, in export order (the (date, flight number) of every flight row,
  dates normalized with `date -d ... +%F`, then `comm -23` against the keys of the earlier
  files): 34, 10, 18, 22, 10, 21 = 115 keys.
* One of the 22 new keys of 20201007 is 2020-05-05 SWQ3501, which 20200505 (line 69) had
  dated "Wednesday, May 6, 2020" with the same flight count, tail, counts and FlightAware
  link (.../history/20200505/1400Z/KIWA/KYKM), and which every later export dates May 5:
  `comm -23` of 20200505's keys against 20201007's prints only "2020-05-06 SWQ3501". The same
  flight, so 114 flights, and 20201007 creates 21 and corrects 1.
* Airport codes of the Previous/Next columns not in airports-foreign.csv (`comm -23` of the
  codes used against `cut -d, -f1 airports-foreign.csv`): IAH (KIAH is in the list), KDEN,
  KONT.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caseworks.imports import ImportRejected
from deportation.enums import FlightKind, Source
from deportation.importers import export_date_from_name, import_observations
from deportation.models import Airport, Flight
from tests.factories import FlightFactory

pytestmark = pytest.mark.django_db

FILES = [
    "ICEAirKYKM20191016.csv",
    "ICEAirKYKM20191226.csv",
    "ICEAirKYKM20200505.csv",
    "ICEAirKYKM20201007.csv",
    "ICEAirKYKM20210105.csv",
    "ICEAirKYKM20210625.csv",
]
FLIGHT_ROWS = [34, 44, 62, 83, 93, 114]
CREATED_IN_ORDER = [34, 10, 18, 21, 10, 21]


@pytest.fixture
def logs(shared_data_dir):
    folder = shared_data_dir / "flight-observations"
    return [folder / name for name in FILES]


def _import(path, **kwargs):
    return import_observations(path.read_bytes(), filename=path.name, observed_at="KYKM", **kwargs)


def _snapshot():
    flights = Flight.objects.order_by("import_key").values_list(
        "import_key",
        "tail_number",
        "operator",
        "owner",
        "boarded",
        "deplaned",
        "reported_boarded",
        "reported_deplaned",
        "observations",
        "link",
        "route",
        "import_export_date",
    )
    legs = Flight.objects.order_by("import_key", "legs__order").values_list(
        "import_key", "legs__origin__icao", "legs__destination__icao", "legs__departs_at"
    )
    return list(flights), list(legs)


# --------------------------------------------------------------------------- real files


def test_import_real_files_in_order_one_flight_per_distinct_flight(logs):
    reports = [_import(path) for path in logs]
    assert [r.created for r in reports] == CREATED_IN_ORDER
    assert [r.errors for r in reports] == [[]] * 6
    assert Flight.objects.count() == 114
    assert [r.created + r.updated + r.unchanged for r in reports] == FLIGHT_ROWS


def test_import_real_files_twice_changes_nothing(logs):
    for path in logs:
        _import(path)
    before = (_snapshot(), Flight.history.count())
    second = [_import(path) for path in logs]
    assert [(r.created, r.updated) for r in second] == [(0, 0)] * 6
    assert [r.unchanged for r in second] == FLIGHT_ROWS
    assert (_snapshot(), Flight.history.count()) == before


def test_import_real_files_same_result_in_any_order(logs):
    for path in logs:
        _import(path)
    in_order = _snapshot()
    Flight.objects.all().delete()
    reports = [_import(path) for path in reversed(logs)]
    # the newest export has every flight (114 rows, one per flight); older ones add nothing
    assert [r.created for r in reports] == [114, 0, 0, 0, 0, 0]
    assert _snapshot() == in_order


def test_import_real_file_same_file_twice_is_no_op(logs):
    first = _import(logs[5])
    history = Flight.history.count()
    again = _import(logs[5])
    assert (first.created, again.created, again.updated, again.unchanged) == (114, 0, 0, 114)
    assert Flight.history.count() == history


def test_import_real_files_date_correction_makes_no_second_flight(logs):
    _import(logs[2])  # 20200505: "Wednesday, May 6, 2020"
    assert Flight.objects.filter(flight_number="SWQ3501", date=dt.date(2020, 5, 6)).exists()
    report = _import(logs[3])  # 20201007: "Tuesday, May 5, 2020"
    flights = Flight.objects.filter(
        flight_number="SWQ3501", date__range=("2020-05-05", "2020-05-06")
    )
    (flight,) = flights
    assert (flight.date, flight.import_key) == (dt.date(2020, 5, 5), "2020-05-05|SWQ3501")
    assert (flight.boarded, flight.deplaned, flight.tail_number) == (26, 4, "N529AU")
    assert (
        65,
        "2020-05-05 SWQ3501: same flight as 2020-05-06 in an older export, date corrected",
    ) in report.changes
    # and the older export imported afterwards does not bring the wrong date back
    again = _import(logs[2])
    assert (again.created, again.updated) == (0, 0)
    assert Flight.objects.filter(flight_number="SWQ3501", date=dt.date(2020, 5, 6)).count() == 0


def test_import_real_file_first_row_flight_and_legs(logs):
    _import(logs[0])
    # sed -n 3p ICEAirKYKM20191016.csv: RPN529, N529AU, KIWA -> (Yakima) -> KELP, 92/40,
    # city 92/40, link .../RPN529/history/20190507/1730Z/KYKM/KELP
    flight = Flight.objects.get(import_key="2019-05-07|RPN529")
    assert (flight.date, flight.flight_number, flight.tail_number) == (
        dt.date(2019, 5, 7),
        "RPN529",
        "N529AU",
    )
    assert (flight.operator, flight.owner) == ('US DHS ICE "Repatriate"', "Swift Air LLC")
    assert (flight.boarded, flight.deplaned, flight.reported_boarded, flight.reported_deplaned) == (
        92,
        40,
        92,
        40,
    )
    assert (flight.kind, flight.source, flight.confidence) == (
        FlightKind.DOMESTIC_SHUFFLE,
        Source.IMPORT,
        "confirmed",
    )
    assert (flight.route, flight.origin_country, flight.destination_country) == ("US", "US", "US")
    assert (flight.import_export_date, flight.imported_from) == (
        dt.date(2019, 10, 16),
        "ICEAirKYKM20191016.csv",
    )
    legs = [
        (leg.order, leg.origin.icao, leg.destination.icao, leg.departs_at)
        for leg in flight.legs.select_related("origin", "destination")
    ]
    assert legs == [
        (1, "KIWA", "KYKM", None),
        (2, "KYKM", "KELP", dt.datetime(2019, 5, 7, 17, 30, tzinfo=dt.UTC)),
    ]


def test_import_real_files_us_airports_created_iata_read_as_icao(logs):
    _import(logs[5])
    # KDEN and KONT are not in airports-foreign.csv: created as U.S. airports
    assert sorted(
        Airport.objects.filter(icao__in=["KDEN", "KONT"]).values_list("icao", "country")
    ) == [
        ("KDEN", "US"),
        ("KONT", "US"),
    ]
    # sed -n 127p ICEAirKYKM20210625.csv: SWQ3624 ... "IAH"|"KIWA": IAH is KIAH of the list
    flight = Flight.objects.get(flight_number="SWQ3624", date=dt.date(2021, 6, 11))
    assert [leg.origin.icao for leg in flight.legs.all()] == ["KIAH", "KYKM"]
    assert not Airport.objects.filter(icao__in=["IAH", "KIAH"]).exclude(icao="KIAH").exists()
    # the reference list is loaded first: 54 rows (grep -c '^"' airports-foreign.csv) + 2 new
    assert Airport.objects.count() == 56
    # its "KS" (Kosovo) is stored as XK
    assert Airport.objects.get(icao="BKPR").country == "XK"


def test_import_real_files_warnings_in_report(logs):
    report = _import(logs[5])
    assert [line for line, _message in report.warnings] == [96, 129]
    assert "ICE Bearded" in report.warnings[0][1]
    flight = Flight.objects.get(import_key="2020-11-17|SWQ3505")
    assert (flight.boarded, flight.deplaned, flight.reported_boarded) == (29, 0, None)
    assert Flight.objects.filter(import_key="2021-06-22|SWQ3509").exists()


def test_import_real_files_newer_export_updates_operator(logs):
    # sed -n 44p of 20191226 and 20200505: 2019-12-10 SWQ3503 operator rewritten
    _import(logs[1])
    key = "2019-12-10|SWQ3503"
    assert Flight.objects.get(import_key=key).operator == 'Swift Air "Swiftflight"'
    report = _import(logs[2])
    flight = Flight.objects.get(import_key=key)
    assert (flight.operator, flight.owner) == ("iAero Airways", '"Swiftflight"')
    assert (44, "2019-12-10 SWQ3503: operator, owner changed") in report.changes


def test_import_real_short_export_does_not_clear_missing_columns(logs):
    _import(logs[2])  # 20200505 has Observations and Link
    before = Flight.objects.get(import_key="2019-05-07|RPN529")
    _import(logs[3])  # 20201007 has neither column
    after = Flight.objects.get(import_key="2019-05-07|RPN529")
    assert after.observations == before.observations != ""
    assert after.link == before.link != ""
    assert after.import_export_date == dt.date(2020, 10, 7)


def test_import_real_file_dry_run_reports_and_writes_nothing(logs):
    _import(logs[0])
    snapshot, history, airports = _snapshot(), Flight.history.count(), Airport.objects.count()
    preview = _import(logs[1], dry_run=True)
    assert (preview.dry_run, preview.created, preview.updated) == (True, 10, 2)
    assert (_snapshot(), Flight.history.count(), Airport.objects.count()) == (
        snapshot,
        history,
        airports,
    )
    real = _import(logs[1])
    assert (real.created, real.updated, real.unchanged) == (10, 2, 32)
    assert real.changes == preview.changes


# --------------------------------------------------------------------------- small files

HEADER = (
    "Date,Flight count,Flight number,Tail number,Operator,Owner,Previous Airport,Next Airport,"
    "From NWDC - Boarded Plane,From Plane - Boarded Bus to NWDC,Observations,Link"
)


def _row(day="Tuesday, May 7, 2019", count=1, number="SWQ1", prev="KIWA", nxt="KELP", op="Air"):
    return f'"{day}",{count},{number},N1,{op},Owner,{prev},{nxt},10,2,seen,'


def _small(*rows, name="log-20250101.csv", **kwargs):
    data = "\n".join([HEADER, *rows]) + "\n"
    return import_observations(data, filename=name, observed_at="KYKM", **kwargs)


def test_import_malformed_file_rejected_whole_with_lines():
    rows = [
        _row(),
        _row(day="Tuesday, May 14, 2019", number="SWQ2"),
        _row(day="Monday, May 21, 2019", number="SWQ3"),  # May 21, 2019 was a Tuesday
        _row(day="Tuesday, May 28, 2019", number="SWQ4").replace(",10,2,", ",ten,2,"),
    ]
    with pytest.raises(ImportRejected) as exc:
        _small(*rows)
    assert [line for line, _message in exc.value.report.errors] == [4, 5]
    assert "was a Tuesday, not a Monday" in exc.value.report.errors[0][1]
    assert "'ten'" in exc.value.report.errors[1][1]
    assert Flight.objects.count() == 0
    assert Airport.objects.count() == 0


def test_import_unknown_foreign_airport_rejected_with_line():
    with pytest.raises(ImportRejected) as exc:
        _small(_row(), _row(day="Tuesday, May 14, 2019", number="SWQ2", nxt="UUEE"))
    assert exc.value.report.errors == [
        (
            3,
            "Next Airport 'UUEE' is not in the airport list; a coordinator adds it "
            "(admin: Airports), or write its ICAO code",
        )
    ]
    assert Flight.objects.count() == 0


def test_import_value_too_long_rejected_nothing_written():
    with pytest.raises(ImportRejected) as exc:
        _small(_row(), _row(day="Tuesday, May 14, 2019", number="SWQ2", op="x" * 121))
    ((line, message),) = exc.value.report.errors
    assert line == 3 and message.startswith("operator: Ensure this value has at most 120")
    assert Flight.objects.count() == 0


def test_import_not_utf8_rejected():
    with pytest.raises(ImportRejected) as exc:
        import_observations(
            (HEADER + "\n" + _row(op="Sw\xefft")).encode("latin-1"),
            filename="x.csv",
            observed_at="KYKM",
        )
    assert exc.value.report.errors[0][0] == 2
    assert "UTF-8" in exc.value.report.errors[0][1]


def test_import_export_date_from_name_else_latest_flight():
    assert _small(_row()).export_date == dt.date(2025, 1, 1)
    Flight.objects.all().delete()
    report = _small(_row(), _row(day="Tuesday, May 14, 2019", number="SWQ2"), name="log.csv")
    assert report.export_date == dt.date(2019, 5, 14)


def test_import_older_export_only_fills_blanks():
    _small(_row(op=""), name="log-20250201.csv")
    report = _small(_row(op="Older Air").replace(",10,2,", ",11,2,"), name="log-20250101.csv")
    flight = Flight.objects.get()
    assert (flight.operator, flight.boarded) == ("Older Air", 10)
    assert report.changes == [(2, "2019-05-07 SWQ1: operator changed")]
    assert report.kept == [
        (2, "2019-05-07 SWQ1: boarded differ; the values of the newer export of 2025-02-01 stay")
    ]


def test_import_adopts_flight_entered_by_hand():
    by_hand = FlightFactory(date=dt.date(2019, 5, 7), flight_number="swq1", operator="Ours")
    report = _small(_row(op="Log Air"))
    flight = Flight.objects.get()
    assert flight.pk == by_hand.pk
    assert (flight.import_key, flight.operator, flight.tail_number, flight.boarded) == (
        "2019-05-07|SWQ1",
        "Ours",
        "N1",
        10,
    )
    assert [leg.origin.icao for leg in flight.legs.all()] == ["KIWA", "KYKM"]
    assert report.updated == 1


def test_export_date_from_name_reads_yyyymmdd():
    assert export_date_from_name("ICEAirKYKM20210625.csv") == dt.date(2021, 6, 25)
    assert export_date_from_name("export-20211399.csv") is None
    assert export_date_from_name("log.csv") is None


# --------------------------------------------------------------------------- command


def test_command_imports_files_and_reports(logs, capsys):
    call_command("import_flight_observations", str(logs[0]), str(logs[1]))
    out = capsys.readouterr().out
    assert "Imported ICEAirKYKM20191016.csv: 34 created, 0 updated, 0 unchanged" in out
    assert "Imported ICEAirKYKM20191226.csv: 10 created, 2 updated, 32 unchanged" in out
    assert "  export of 2019-12-26" in out
    assert Flight.objects.count() == 44


def test_command_dry_run_lists_changes_writes_nothing(logs, capsys):
    call_command("import_flight_observations", str(logs[0]), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Would import ICEAirKYKM20191016.csv: 34 created")
    assert "  line 3: 2019-05-07 RPN529: new flight" in out
    assert Flight.objects.count() == 0


def test_command_rejected_file_named_others_imported(logs, tmp_path, capsys):
    bad = tmp_path / "ICEAirKYKM20250101.csv"
    bad.write_text(HEADER + "\n" + _row(day="Funday, May 77, 2019"))
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_flight_observations", str(logs[0]), str(bad))
    err = capsys.readouterr().err
    assert "line 2: error: Date:" in err
    assert Flight.objects.count() == 34


def test_command_without_airport_in_name_needs_option(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "\n" + _row())
    with pytest.raises(CommandError, match="--airport"):
        call_command("import_flight_observations", str(path))
    call_command("import_flight_observations", str(path), "--airport", "kykm")
    assert Flight.objects.get().legs.first().destination.icao == "KYKM"


def test_load_airports_command_creates_then_updates(shared_data_dir, capsys):
    call_command("load_airports")
    assert "54 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    Airport.objects.filter(icao="KYKM").update(city="Somewhere")
    call_command("load_airports")
    assert "0 created, 1 updated, 53 unchanged" in capsys.readouterr().out
    assert Airport.objects.get(icao="KYKM").city == "Yakima"
