"""Tests for deportation.observations: a pure parser, so no database.

Real files: settings.SHARED_DATA_DIR (/work/shared/data). Every expected number about them
was worked out by reading the files with shell tools, not by running the parser; each
comment says how.

Counting "flight rows": in the logs a row is a flight when its Flight count (2nd column) is
a number, so (note: the 2021-06-25 file is pipe-separated with every text value quoted)

    grep -cE '^"[^"]*"[,|][0-9]+[,|]' ICEAirKYKM*.csv
      -> 20191016: 34, 20191226: 44, 20200505: 62, 20201007: 83, 20210105: 93, 20210625: 114

which equals the last Flight count of each file (the column is a 1..N sequence; checked with
`tail`/`sed -n` on the last data row). Rows that begin with a date but have no number there
are the "no flight" notes:

    grep -ciE 'no flight|cancel' ICEAirKYKM*.csv  -> 0, 0, 2, 3, 0, 12
    grep -niE 'no flight|cancel' ...             -> the line numbers used in SKIPPED below.

Doubtful cells, found by reading every count cell and every date with a throwaway
`python3 -c "import csv ..."` loop (non-digit count cells other than blank, "?", "-", "2?";
weekday not equal to the weekday of the date), and confirmed with
`grep -nE 'ICE Bearded|Tudsay' ICEAirKYKM*.csv`:
    20210105 line 92 and 20210625 line 96: City Passenger Report boarded cell "ICE Bearded"
    20210625 line 129: "Tudsay, June 22, 2021" (only weekday mismatch in all six files; June
    22, 2021 was a Tuesday: `date -d 2021-06-22 +%A`)
Neither is an error (a remark in the secondary count column; a weekday typo with a valid
date): both become warnings, so every flight row is a record and no real file has an error:
records = flight rows = 34, 44, 62, 83, 93, 114.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from deportation.observations import (
    Airport,
    AirportFileError,
    Observation,
    departure_from_link,
    parse_airports,
    parse_date,
    parse_observations,
)

# settings.SHARED_DATA_DIR: ../shared/data next to the checkout, or the SHARED_DATA_DIR
# environment variable (a git worktree lives one folder deeper, so it needs the variable).
DATA = Path(settings.SHARED_DATA_DIR)
OBSERVATIONS = DATA / "flight-observations"
needs_data = pytest.mark.skipif(
    not OBSERVATIONS.is_dir(), reason=f"real data folder {OBSERVATIONS} is absent"
)

FILES = [
    "ICEAirKYKM20191016.csv",
    "ICEAirKYKM20191226.csv",
    "ICEAirKYKM20200505.csv",
    "ICEAirKYKM20201007.csv",
    "ICEAirKYKM20210105.csv",
    "ICEAirKYKM20210625.csv",
]
# the flight rows (see module docstring): every one is a record
RECORDS = {
    "ICEAirKYKM20191016.csv": 34,
    "ICEAirKYKM20191226.csv": 44,
    "ICEAirKYKM20200505.csv": 62,
    "ICEAirKYKM20201007.csv": 83,
    "ICEAirKYKM20210105.csv": 93,
    "ICEAirKYKM20210625.csv": 114,
}
# `grep -n 'ICE Bearded\|Tudsay' ICEAirKYKM*.csv`
WARNING_LINES = {
    "ICEAirKYKM20210105.csv": [92],
    "ICEAirKYKM20210625.csv": [96, 129],
}
# `grep -niE 'no flight|cancel'` gives the note rows; `grep -n Totals` gives the start of the
# summary block, whose end is the file's last line (`wc -l` + 1: these three files have no
# final newline, `tail -c1 | xxd` shows 2c): 20191016 39-49, 20191226 49-57, 20200505 72-86.
SKIPPED_LINES = {
    "ICEAirKYKM20191016.csv": [39],
    "ICEAirKYKM20191226.csv": [49],
    "ICEAirKYKM20200505.csv": [49, 62, 72],
    "ICEAirKYKM20201007.csv": [48, 61, 81],
    "ICEAirKYKM20210105.csv": [],
    "ICEAirKYKM20210625.csv": [48, 61, 84, 95, 101, 103, 106, 109, 110, 113, 115, 118],
}


def _parse(name: str):
    return parse_observations((OBSERVATIONS / name).read_bytes(), filename=name)


@pytest.fixture(scope="module")
def parsed():
    if not OBSERVATIONS.is_dir():
        pytest.skip(f"real data folder {OBSERVATIONS} is absent")
    return {name: _parse(name) for name in FILES}


def _find(result, line: int) -> Observation:
    (record,) = [r for r in result.records if r.line == line]
    return record


# --------------------------------------------------------------------------- real files


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_parse_observations_real_file_record_count(parsed, name):
    assert len(parsed[name].records) == RECORDS[name]


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_parse_observations_real_file_no_errors(parsed, name):
    assert parsed[name].errors == []


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_parse_observations_real_file_warning_lines(parsed, name):
    assert [w.line for w in parsed[name].warnings] == WARNING_LINES.get(name, [])
    assert all(w.filename == name for w in parsed[name].warnings)


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_parse_observations_real_file_skipped_lines(parsed, name):
    assert [s.line for s in parsed[name].skipped] == SKIPPED_LINES[name]


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_parse_observations_real_file_every_flight_row_accounted_for(parsed, name):
    # records + errors = flight rows from the grep in the module docstring
    flight_rows = {
        "ICEAirKYKM20191016.csv": 34,
        "ICEAirKYKM20191226.csv": 44,
        "ICEAirKYKM20200505.csv": 62,
        "ICEAirKYKM20201007.csv": 83,
        "ICEAirKYKM20210105.csv": 93,
        "ICEAirKYKM20210625.csv": 114,
    }
    result = parsed[name]
    assert len(result.records) + len({e.line for e in result.errors}) == flight_rows[name]


@needs_data
def test_parse_observations_real_file_warnings_explain_doubt(parsed):
    messages = [str(w) for w in parsed["ICEAirKYKM20210625.csv"].warnings]
    assert messages[0].startswith("ICEAirKYKM20210625.csv, line 96: warning: ")
    assert "'ICE Bearded'" in messages[0]
    assert "column K, City Passenger Report" in messages[0]
    assert messages[0].endswith("stored as not known")
    assert messages[1].startswith("ICEAirKYKM20210625.csv, line 129: warning: Date: ")
    assert "'Tudsay' is not a day of the week" in messages[1]
    assert "was a Tuesday" in messages[1]
    assert messages[1].endswith("read as 2021-06-22")


@needs_data
@pytest.mark.parametrize(
    ("name", "line"), [("ICEAirKYKM20210105.csv", 92), ("ICEAirKYKM20210625.csv", 96)]
)
def test_parse_observations_real_file_remark_in_city_column_row_kept(parsed, name, line):
    # sed -n 92p ICEAirKYKM20210105.csv: "Tuesday, November 17, 2020",88,SWQ3505,N285XA,
    # iAero Airways ,"""Swiftflight""",KLAS,KELP,29,0,ICE Bearded,,No restrictions,
    # No restrictions,2,23 men and 6 women boarded the plane,https://...  (same in 20210625:96)
    row = _find(parsed[name], line)
    assert (row.date, row.flight_number, row.tail_number) == (
        dt.date(2020, 11, 17),
        "SWQ3505",
        "N285XA",
    )
    assert (row.previous_airport, row.next_airport) == ("KLAS", "KELP")
    assert (row.boarded, row.deplaned, row.city_boarded, row.city_deplaned, row.buses) == (
        29,
        0,
        None,
        None,
        2,
    )
    assert row.observations == "23 men and 6 women boarded the plane"


@needs_data
def test_parse_observations_real_file_weekday_typo_row_kept(parsed):
    # sed -n 129p ICEAirKYKM20210625.csv: "Tudsay, June 22, 2021"|113|"SWQ3509"|"N149XA"|
    # "iAero Airways "|"""Swiftflight"""|"KDEN"|"KSAN"|22|0|||||2|"22 men boarded the plane
    # to San Diego"|".../SWQ3509/history/20210622/"
    row = _find(parsed["ICEAirKYKM20210625.csv"], 129)
    assert (row.date, row.flight_number, row.tail_number) == (
        dt.date(2021, 6, 22),
        "SWQ3509",
        "N149XA",
    )
    assert (row.previous_airport, row.next_airport, row.boarded, row.deplaned, row.buses) == (
        "KDEN",
        "KSAN",
        22,
        0,
        2,
    )


@needs_data
def test_identity_key_real_files_distinct_flights(parsed):
    # Distinct (date, flight number) over all flight rows of all six files:
    #   grep -hE '^"[^"]*"[,|][0-9]+[,|]' *.csv \
    #     | sed -E 's/^"([^"]*)"[,|][0-9]+[,|]"?([A-Za-z0-9]+)"?[,|].*/\1 | \2/' \
    #     | sort -u | wc -l                                        -> 115
    # and again with the dates normalized (weekday and stray ' . dropped, then
    # `date -d "$d" +%F`), so "November 19, 2019'" and "November 19, 2019" are one: 115.
    # The rows that were errors before weekday typos and city-column remarks became
    # warnings are in: 2020-11-17 SWQ3505 and 2021-06-22 SWQ3509.
    keys = {r.identity_key for result in parsed.values() for r in result.records}
    assert len(keys) == 115
    assert (dt.date(2020, 11, 17), "SWQ3505") in keys
    assert (dt.date(2021, 6, 22), "SWQ3509") in keys


@needs_data
def test_identity_key_real_files_date_correction_is_two_keys(parsed):
    # The one date a later export corrected (comm of the normalized keys of 20200505 and
    # 20201007; grep -n "May 5, 2020\|May 6, 2020" *.csv): 20200505 line 69 says "Wednesday,
    # May 6, 2020", every later export "Tuesday, May 5, 2020"; same flight count (62), tail,
    # counts and FlightAware link (.../history/20200505/1400Z/KIWA/KYKM). The parser sees two
    # keys; the importer merges them (tests/deportation/test_flight_importers.py).
    old = _find(parsed["ICEAirKYKM20200505.csv"], 69)
    new = _find(parsed["ICEAirKYKM20210105.csv"], 66)
    assert old.identity_key == (dt.date(2020, 5, 6), "SWQ3501")
    assert new.identity_key == (dt.date(2020, 5, 5), "SWQ3501")
    assert (old.tail_number, old.boarded, old.deplaned, old.link) == (
        new.tail_number,
        new.boarded,
        new.deplaned,
        new.link,
    )


@needs_data
@pytest.mark.parametrize("name", FILES)
def test_identity_key_real_file_unique_within_file(parsed, name):
    # same pipeline per file: `... | sort | uniq -d` prints nothing for every file; the only
    # dates with two rows (`cut -d'|' -f1 | sort | uniq -d` on 20210625) are
    # April 27, 2021 (SWQ3504, SWQ3517) and June 8, 2021 (SWQ3502, SWQ3608).
    keys = [r.identity_key for r in parsed[name].records]
    assert len(keys) == len(set(keys))
    assert not [e for e in parsed[name].errors if "already on line" in e.message]


@needs_data
def test_identity_key_real_files_same_day_two_flights_stay_two(parsed):
    records = parsed["ICEAirKYKM20210625.csv"].records
    apr27 = sorted(r.flight_number for r in records if r.date == dt.date(2021, 4, 27))
    jun8 = sorted(r.flight_number for r in records if r.date == dt.date(2021, 6, 8))
    assert apr27 == ["SWQ3504", "SWQ3517"]
    assert jun8 == ["SWQ3502", "SWQ3608"]


@needs_data
def test_identity_key_real_files_tail_and_route_never_differ_across_exports(parsed):
    # The evidence for leaving tail and airports out of the key: for each key they agree in
    # every export (checked first with a throwaway csv loop over the six files).
    seen: dict[tuple, tuple] = {}
    for result in parsed.values():
        for r in result.records:
            route = (r.tail_number, r.previous_airport, r.next_airport)
            assert seen.setdefault(r.identity_key, route) == route


@needs_data
def test_identity_key_real_files_operator_rewritten_same_flight(parsed):
    # 2019-12-10 SWQ3503: 20191226 line 44 says "Swift Air ""Swiftflight""" / Swift Air LLC,
    # 20200505 line 44 says "iAero Airways " / """Swiftflight""" (sed -n 44p on each).
    old = _find(parsed["ICEAirKYKM20191226.csv"], 44)
    new = _find(parsed["ICEAirKYKM20200505.csv"], 44)
    assert old.identity_key == new.identity_key == (dt.date(2019, 12, 10), "SWQ3503")
    assert (old.operator, old.owner) == ('Swift Air "Swiftflight"', "Swift Air LLC")
    assert (new.operator, new.owner) == ("iAero Airways", '"Swiftflight"')


@needs_data
def test_parse_observations_real_files_first_and_last_dates(parsed):
    # First data row of every file is "Tuesday, May 7, 2019" (head -3); the last flight row
    # of the newest export is "Friday, June 25, 2021" (tail -1 ICEAirKYKM20210625.csv).
    dates = [r.date for result in parsed.values() for r in result.records]
    assert min(dates) == dt.date(2019, 5, 7)
    assert max(dates) == dt.date(2021, 6, 25)
    for result in parsed.values():
        assert result.records[0].date == dt.date(2019, 5, 7)


@needs_data
def test_parse_observations_real_file_first_row_exact(parsed):
    # sed -n 3p ICEAirKYKM20191016.csv
    assert _find(parsed["ICEAirKYKM20191016.csv"], 3) == Observation(
        date=dt.date(2019, 5, 7),
        flight_number="RPN529",
        tail_number="N529AU",
        operator='US DHS ICE "Repatriate"',
        owner="Swift Air LLC",
        previous_airport="KIWA",
        next_airport="KELP",
        boarded=92,
        deplaned=40,
        city_boarded=92,
        city_deplaned=40,
        buses=None,  # "?"
        observations="Only YKM flight under RPN call sign - they stopped using RPN after "
        "this flight.",
        link="https://flightaware.com/live/flight/RPN529/history/20190507/1730Z/KYKM/KELP",
        line=3,
    )


@needs_data
def test_parse_observations_real_file_dash_and_guess_counts_unknown(parsed):
    result = parsed["ICEAirKYKM20191016.csv"]
    # sed -n 29p: ...,KIWA,KELP,74,1,-,-,2,...
    row = _find(result, 29)
    assert (row.boarded, row.deplaned, row.city_boarded, row.city_deplaned, row.buses) == (
        74,
        1,
        None,
        None,
        2,
    )
    # sed -n 12p: WAL408 ...,KIAH,KSAT,0,61,0,61,2?,...
    row = _find(result, 12)
    assert (row.flight_number, row.boarded, row.deplaned, row.buses) == ("WAL408", 0, 61, None)
    # sed -n 13p: SWQ3501,?,... (tail not seen)
    assert _find(result, 13).tail_number == ""


@needs_data
def test_parse_observations_real_file_multiline_observation(parsed):
    # sed -n '64,68p' ICEAirKYKM20200505.csv: the Observations cell of the 2020-04-21 row
    # runs over lines 64-67 (bare LF inside quotes: 82 CR vs 85 LF in the file), then the
    # next row starts on line 68; the Link cell is empty (line 67 ends with '",').
    result = parsed["ICEAirKYKM20200505.csv"]
    row = _find(result, 64)
    assert (row.date, row.flight_number, row.tail_number) == (
        dt.date(2020, 4, 21),
        "SWQ3503",
        "N529AU",
    )
    assert (row.previous_airport, row.next_airport, row.boarded, row.deplaned, row.buses) == (
        "KIWA",
        "KLAS",
        43,
        1,
        2,
    )
    assert row.observations.startswith("39 men and 4 women got off the buses")
    assert row.observations.count("\n") == 3
    assert 'All "baggage" sacks' in row.observations
    assert row.observations.endswith("at that location.")
    assert row.link == ""
    assert _find(result, 68).date == dt.date(2020, 4, 28)


@needs_data
def test_parse_observations_real_pipe_file_last_row_exact(parsed):
    # tail -1 ICEAirKYKM20210625.csv (line 130; 130 LF and a final newline)
    assert _find(parsed["ICEAirKYKM20210625.csv"], 130) == Observation(
        date=dt.date(2021, 6, 25),
        flight_number="SWQ3580",
        tail_number="",
        operator="iAero Airways",
        owner='"Swiftflight"',
        previous_airport="KSAT",
        next_airport="KSAT",
        boarded=0,
        deplaned=113,
        city_boarded=None,
        city_deplaned=None,
        buses=4,
        observations="NO notification from Rob; 113 men deplaned and sent toTacoma",
        link="https://flightaware.com/live/flight/SWQ3580/history/20210625/1300Z/KSAT/KYKM",
        line=130,
    )


@needs_data
def test_parse_observations_real_pipe_file_iata_airport_kept(parsed):
    # sed -n 127p ICEAirKYKM20210625.csv: ..."IAH"|"KIWA"|0|106|...
    row = _find(parsed["ICEAirKYKM20210625.csv"], 127)
    assert (row.flight_number, row.previous_airport, row.next_airport) == (
        "SWQ3624",
        "IAH",
        "KIWA",
    )


@needs_data
def test_parse_observations_real_short_export_optional_columns_empty(parsed):
    # head -1 ICEAirKYKM20201007.csv has 10 columns (no city pair, buses, observations,
    # link); sed -n 87p: "Tuesday, October 6, 2020",83,SWQ3505,N440US,...,KLAS,KELP,28,0
    row = _find(parsed["ICEAirKYKM20201007.csv"], 87)
    assert (row.date, row.flight_number, row.tail_number, row.boarded, row.deplaned) == (
        dt.date(2020, 10, 6),
        "SWQ3505",
        "N440US",
        28,
        0,
    )
    assert (row.city_boarded, row.city_deplaned, row.buses, row.observations, row.link) == (
        None,
        None,
        None,
        "",
        "",
    )


@needs_data
def test_parse_observations_real_file_stray_punctuation_in_date(parsed):
    # sed -n 41p ICEAirKYKM20191226.csv: "Tuesday, November 19, 2019'",39,SWQ3501,N538CC
    # sed -n 68p ICEAirKYKM20201007.csv: "Tuesday, May 26, 2020.",65,SWQ3501,N803TJ
    # sed -n 42p ICEAirKYKM20191226.csv: tail "-"
    assert _find(parsed["ICEAirKYKM20191226.csv"], 41).date == dt.date(2019, 11, 19)
    assert _find(parsed["ICEAirKYKM20191226.csv"], 42).tail_number == ""
    assert _find(parsed["ICEAirKYKM20201007.csv"], 68).date == dt.date(2020, 5, 26)


@needs_data
def test_parse_observations_real_file_bytes_and_text_agree(parsed):
    name = "ICEAirKYKM20200505.csv"
    text = (OBSERVATIONS / name).read_text(encoding="utf-8")
    assert parse_observations(text, filename=name) == parsed[name]


# --------------------------------------------------------------------------- airports


@needs_data
def test_parse_airports_real_file_all_rows():
    # grep -c '^"' airports-foreign.csv -> 54 (the header starts with a space, so it is not
    # counted; the file has no final newline, so wc -l also says 54)
    airports = parse_airports((DATA / "airports-foreign.csv").read_bytes())
    assert len(airports) == 54
    # head -2: "BKPR","KS","Pristina","Slatina","42.572778","21.035833"
    assert airports[0] == Airport("BKPR", "KS", "Pristina", "Slatina", 42.572778, 21.035833)
    by_code = {a.code: a for a in airports}
    # grep -n Sana: "OYSN","YE",""Sana'a"",""Sana'a"","15.476389","44.219722"
    assert by_code["OYSN"] == Airport("OYSN", "YE", "Sana'a", "Sana'a", 15.476389, 44.219722)
    # grep -n '"NA"': Namibia stays "NA"
    assert by_code["FYWH"].country == "NA"
    # grep -n KYKM: "KYKM","US","WA","Yakima","46.568056","-120.544167"
    assert by_code["KYKM"] == Airport("KYKM", "US", "WA", "Yakima", 46.568056, -120.544167)


def test_parse_airports_bad_latitude_raises_with_line():
    data = ' "Airport Code","Country","State","City","Latitude","Longitude"\n'
    data += '"KYKM","US","WA","Yakima","146.5","-120.5"\n'
    with pytest.raises(AirportFileError) as exc:
        parse_airports(data)
    assert [e.line for e in exc.value.errors] == [2]
    assert "latitude" in exc.value.errors[0].message


def test_parse_airports_missing_column_raises():
    with pytest.raises(AirportFileError, match="missing column"):
        parse_airports('"Airport Code","Country","City"\n"KYKM","US","Yakima"\n')


# --------------------------------------------------------------------------- inline inputs

HEADER = (
    "Date,Flight count,Flight number,Tail number,Operator,Owner,Previous Airport,Next Airport,"
    "From NWDC - Boarded Plane,From Plane - Boarded Bus to NWDC,From NWDC - Boarded Plane,"
    "From Plane - Boarded Bus to NWDC,# Buses,Observations,Link"
)
ROW = '"Tuesday, May 7, 2019",1,rpn529 , n529au,Swift,Owner,kiwa,KELP,92,40,90,41,3,"a ""b""",L'


def _one(text: str):
    return parse_observations(text, filename="t.csv")


def test_parse_observations_minimal_row_normalized():
    result = _one(HEADER + "\n" + ROW + "\n")
    assert result.errors == [] and result.skipped == []
    (row,) = result.records
    assert (row.flight_number, row.tail_number, row.previous_airport) == (
        "RPN529",
        "N529AU",
        "KIWA",
    )
    assert (row.boarded, row.deplaned, row.city_boarded, row.city_deplaned) == (92, 40, 90, 41)
    assert (row.buses, row.observations, row.link, row.line) == (3, 'a "b"', "L", 2)
    assert row.identity_key == (dt.date(2019, 5, 7), "RPN529")


def test_observation_frozen_assignment_fails():
    (row,) = _one(HEADER + "\n" + ROW).records
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.boarded = 1  # type: ignore[misc]


def test_parse_observations_wrong_weekday_is_error():
    result = _one(HEADER + "\n" + ROW.replace("Tuesday", "Monday"))
    assert result.records == []
    (error,) = result.errors
    assert (error.filename, error.line) == ("t.csv", 2)
    assert "May 7, 2019 was a Tuesday, not a Monday" in error.message


def test_parse_observations_february_30_is_error():
    result = _one(HEADER + "\n" + ROW.replace('"Tuesday, May 7, 2019"', "2019-02-30"))
    (error,) = result.errors
    assert error.line == 2
    assert "not a real date" in error.message and "28 days" in error.message


def test_parse_observations_non_numeric_count_is_error():
    result = _one(HEADER + "\n" + ROW.replace(",92,40,", ",92,forty,"))
    assert result.records == []
    (error,) = result.errors
    assert error.line == 2
    assert "'forty'" in error.message and "column J" in error.message


def test_parse_observations_several_problems_one_row_all_reported():
    bad = ROW.replace("kiwa", "K I W A").replace(",3,", ",three,")
    result = _one(HEADER + "\n" + bad)
    assert [e.line for e in result.errors] == [2, 2]


def test_parse_observations_blank_question_dash_counts_are_none_not_zero():
    row = ROW.replace(",92,40,90,41,3,", ",,?,-,0,2?,")
    (obs,) = _one(HEADER + "\n" + row).records
    assert (obs.boarded, obs.deplaned, obs.city_boarded, obs.city_deplaned, obs.buses) == (
        None,
        None,
        None,
        0,
        None,
    )


def test_parse_observations_iso_and_slash_dates_accepted():
    rows = [
        ROW.replace('"Tuesday, May 7, 2019"', "2019-05-07"),
        ROW.replace('"Tuesday, May 7, 2019"', "5/8/2019").replace("rpn529", "X1"),
        ROW.replace('"Tuesday, May 7, 2019"', '"Thursday, 2019-05-09"').replace("rpn529", "X2"),
    ]
    result = _one("\n".join([HEADER, *rows]))
    assert result.errors == []
    assert [r.date for r in result.records] == [
        dt.date(2019, 5, 7),
        dt.date(2019, 5, 8),
        dt.date(2019, 5, 9),
    ]


def test_parse_date_unreadable_raises_plain_message():
    with pytest.raises(ValueError, match="not a date I can read"):
        parse_date("next Tuesday")
    with pytest.raises(ValueError, match="'Mai' is not the name of a month"):
        parse_date("Mai 7, 2019")
    with pytest.raises(ValueError, match="there is no month 13"):
        parse_date("13/1/2019")


def test_parse_observations_missing_column_is_one_file_error_at_header():
    header = HEADER.replace("Tail number,", "").replace("Next Airport,", "")
    result = _one(",,,,YIRN Observations,,\n" + header + "\n" + ROW)
    assert result.records == []
    (error,) = result.errors
    assert error.line == 2  # the header, below the banner
    assert error.message.startswith("missing required column(s): Tail number, Next Airport")


def test_parse_observations_empty_file_is_error():
    for data in (b"", "", "\ufeff", "\r\n\r\n", ",,,,\n|||\n"):
        result = parse_observations(data, filename="empty.csv")
        assert result.records == []
        assert [(e.filename, e.line, e.message) for e in result.errors] == [
            ("empty.csv", 1, "the file is empty")
        ]


def test_parse_observations_header_only_is_error():
    result = _one(HEADER + "\n,,,,\n")
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "there are no rows below the header")
    ]


def test_parse_observations_pipe_with_banner_sniffed_from_header():
    banner = "...||||||||YIRN Observations||City Passenger Report||||"
    header = "|".join(f'"{name}"' for name in HEADER.split(","))
    # commas inside a pipe file's values must not split cells
    row = (
        '"Tuesday, May 7, 2019"|1|"SWQ3501"|"N529AU"|"Swift, Air"|""|"KIWA"|"KELP"|1|2|||?|"x, y"|'
    )
    result = _one(f"{banner}\n{header}\n{row}\n||||\n")
    assert result.errors == []
    (obs,) = result.records
    assert (obs.operator, obs.observations, obs.boarded, obs.deplaned, obs.line) == (
        "Swift, Air",
        "x, y",
        1,
        2,
        3,
    )


def test_parse_observations_bom_crlf_bytes():
    text = "\ufeff" + HEADER + "\r\n" + ROW + "\r\n,,,,,,,,,,,,,,\r\n\r\n"
    result = parse_observations(text.encode("utf-8"), filename="bom.csv")
    assert result.errors == [] and result.skipped == []
    (obs,) = result.records
    assert (obs.date, obs.link, obs.line) == (dt.date(2019, 5, 7), "L", 2)


def test_parse_observations_crlf_inside_cell_normalized_and_lines_counted():
    row = ROW.replace('"a ""b"""', '"first\r\nsecond\r\nthird"')
    nxt = ROW.replace("rpn529", "SWQ1").replace("May 7", "May 8").replace("Tuesday", "Wednesday")
    result = _one(HEADER + "\r\n" + row + "\r\n" + nxt + "\r\n")
    first, second = result.records
    assert first.observations == "first\nsecond\nthird"
    assert (first.line, second.line) == (2, 5)


def test_parse_observations_not_utf8_is_error():
    data = (HEADER + "\n" + ROW.replace("Swift", "Sw\xefft")).encode("latin-1")
    result = parse_observations(data, filename="latin.csv")
    (error,) = result.errors
    assert error.line == 2 and "UTF-8" in error.message


def test_parse_observations_duplicate_flight_in_file_is_error():
    result = _one("\n".join([HEADER, ROW, ROW.replace(",1,", ",2,")]))
    assert len(result.records) == 1
    (error,) = result.errors
    assert error.line == 3
    assert "already on line 2" in error.message


def test_parse_observations_no_flight_rows_skipped_and_reported():
    rows = [
        '"Tuesday, April 7, 2020",NO FLIGHT,,,,,,,,,,,,,',
        '"Tuesday, January 5, 2021",,,"flight CANCELLED - holidays?",,,,,,,,,,,',
        ROW,
    ]
    result = _one("\n".join([HEADER, *rows]))
    assert result.errors == []
    assert [s.line for s in result.skipped] == [2, 3]
    assert "no flight took place" in result.skipped[1].reason
    assert len(result.records) == 1


def test_parse_observations_text_flight_count_is_error():
    result = _one(HEADER + "\n" + ROW.replace(",1,", ",diverted,"))
    (error,) = result.errors
    assert "Flight count is 'diverted'" in error.message


def test_parse_observations_totals_section_skipped_but_dated_row_below_is_error():
    rows = [
        ROW,
        ",,,,,,,Totals,92,40,,,,,",
        "N917XA,Logo on tail only,,,,,,,,,,,,,",
        "SWQ3501,,KIWA,KLAS,,,,,,,,,,,",
    ]
    result = _one("\n".join([HEADER, *rows]))
    assert result.errors == []
    assert [(s.line, "lines 3-5" in s.reason) for s in result.skipped] == [(3, True)]
    late = ROW.replace("May 7", "May 14").replace("rpn529", "SWQ9")
    result = _one("\n".join([HEADER, *rows, late]))
    (error,) = result.errors
    assert error.line == 6 and "below the 'Totals' row on line 3" in error.message


def test_parse_observations_bad_airport_code_is_error():
    result = _one(HEADER + "\n" + ROW.replace("kiwa", "Phoenix-Mesa"))
    (error,) = result.errors
    assert "Previous Airport 'PHOENIX-MESA' is not an airport code" in error.message


def test_parse_observations_missing_flight_number_is_error():
    result = _one(HEADER + "\n" + ROW.replace("rpn529 ", ""))
    assert [e.message for e in result.errors] == ["Flight number is missing"]


def test_parse_observations_extra_cells_is_error():
    result = _one(HEADER + "\n" + ROW + ",spill")
    (error,) = result.errors
    assert "16 cells but the header has 15" in error.message


def test_parse_observations_broken_quoting_is_error():
    result = _one(HEADER + "\n" + ROW + '\n"Tuesday, May 14, 2019"x,2,SWQ1')
    assert len(result.records) == 1
    (error,) = result.errors
    assert error.line == 3 and "quoting is broken" in error.message


def test_parse_observations_third_copy_of_count_column_is_error():
    result = _one(HEADER + ",From NWDC - Boarded Plane\n" + ROW + ",1")
    (error,) = result.errors
    assert error.line == 1 and "appears 3 times" in error.message


def test_parse_observations_two_banner_lines_is_error():
    result = _one("banner one,,\nbanner two,,\n" + HEADER + "\n" + ROW)
    (error,) = result.errors
    assert error.line == 1 and "no header row found" in error.message


def test_parse_observations_unknown_weekday_word_is_warning():
    result = _one(HEADER + "\n" + ROW.replace("Tuesday", "Tudsay"))
    assert result.errors == []
    (obs,) = result.records
    assert obs.date == dt.date(2019, 5, 7)
    (warning,) = result.warnings
    assert (warning.filename, warning.line) == ("t.csv", 2)
    assert warning.message == (
        "Date: 'Tudsay, May 7, 2019': 'Tudsay' is not a day of the week "
        "(May 7, 2019 was a Tuesday); read as 2019-05-07"
    )


def test_parse_date_unknown_weekday_strict_without_warnings_list():
    with pytest.raises(ValueError, match="'Tudsay' is not a day of the week"):
        parse_date("Tudsay, June 22, 2021")
    warnings: list[str] = []
    assert parse_date("Tudsay, June 22, 2021", warnings=warnings) == dt.date(2021, 6, 22)
    assert len(warnings) == 1


def test_parse_date_real_weekday_contradicting_date_is_error_even_lenient():
    with pytest.raises(ValueError, match="was a Tuesday, not a Monday"):
        parse_date("Monday, June 22, 2021", warnings=[])


def test_parse_observations_text_in_city_count_is_warning():
    result = _one(HEADER + "\n" + ROW.replace(",90,41,", ",ICE Bearded,41,"))
    assert result.errors == []
    (obs,) = result.records
    assert (obs.boarded, obs.city_boarded, obs.city_deplaned) == (92, None, 41)
    (warning,) = result.warnings
    assert warning.message == (
        "'From NWDC - Boarded Plane' (column K, City Passenger Report) is 'ICE Bearded', "
        "which is not a whole number; stored as not known"
    )


def test_parse_observations_text_in_buses_is_error():
    result = _one(HEADER + "\n" + ROW.replace(",41,3,", ",41,three,"))
    assert result.records == [] and result.warnings == []
    (error,) = result.errors
    assert "'three'" in error.message and "column M" in error.message


def test_parse_observations_warning_of_error_row_not_reported():
    # a row that is an error anyway carries no warnings: it is not imported
    bad = ROW.replace("Tuesday", "Tudsay").replace(",92,40,", ",92,forty,")
    result = _one(HEADER + "\n" + bad)
    assert result.records == [] and result.warnings == []
    assert len(result.errors) == 1


def test_departure_from_link_reads_leg_and_utc_time():
    link = "https://flightaware.com/live/flight/RPN529/history/20190507/1730Z/KYKM/KELP"
    dep = departure_from_link(link)
    assert (dep.origin, dep.destination) == ("KYKM", "KELP")
    assert dep.departs_at == dt.datetime(2019, 5, 7, 17, 30, tzinfo=dt.UTC)
    lower = departure_from_link(".../history/20201117/1710Z/klas/kykm")
    assert (lower.origin, lower.destination) == ("KLAS", "KYKM")


@pytest.mark.parametrize(
    "link",
    [
        "",
        "https://flightaware.com/live/flight/SWQ3517",
        "https://flightaware.com/live/flight/SWQ3509/history/20210622/",
        ".../history/20210231/1200Z/KYKM/KELP",  # no February 31
        ".../history/20210601/2460Z/KYKM/KELP",  # no minute 60
    ],
)
def test_departure_from_link_without_leg_is_none(link):
    assert departure_from_link(link) is None


@needs_data
def test_parse_observations_real_short_export_columns_listed(parsed):
    # head -1 ICEAirKYKM20201007.csv: Date,Flight count,Flight number,Tail number,Operator,
    # Owner,Previous Airport,Next Airport,From NWDC - Boarded Plane,From Plane - Boarded Bus
    # to NWDC
    assert parsed["ICEAirKYKM20201007.csv"].columns == {
        "date",
        "flight_count",
        "flight_number",
        "tail_number",
        "operator",
        "owner",
        "previous_airport",
        "next_airport",
        "boarded",
        "deplaned",
    }
    # the full exports have the city pair, buses, observations and link too (head -2)
    assert {"city_boarded", "city_deplaned", "buses", "observations", "link"} <= parsed[
        "ICEAirKYKM20210625.csv"
    ].columns
