"""Parse one export of a community log of ICE Air flights seen at an airport.

Pure parsing: standard library only (csv, dataclasses, re, datetime), no Django, no database.
An importer calls :func:`parse_observations` once per uploaded file and gets a
:class:`ParseResult`; if ``result.errors`` is not empty it rejects the whole file and shows
the errors (file name, line number as seen in an editor, plain-English message). Every
non-blank row below the header ends up in exactly one of ``records``, ``errors`` or
``skipped`` -- nothing is dropped silently. ``warnings`` name cells that were read with a
doubt (see "Warnings" below); their rows are still in ``records`` and the importer shows the
warnings in its report.

File shape (see /work/shared/data/flight-observations/, the Yakima (KYKM) logs 2019-2021)
----------------------------------------------------------------------------------------
* UTF-8, with or without a byte-order mark; CRLF, LF or CR line ends.
* Comma- or pipe-separated. The separator is sniffed from the header line alone: whichever
  of ``,`` and ``|`` occurs more often outside double quotes.
* Optionally ONE banner line above the header (``,,,,,,,,YIRN Observations,,City Passenger
  Report,,,,`` or ``...,,,``). The header is the first non-blank line naming at least two
  known columns; if that is not line 1 or the line after the banner, the file is refused.
* Required columns: Date, Flight number, Tail number, Previous Airport, Next Airport.
  Optional: Flight count, Operator, Owner, the two count pairs below, # Buses, Observations,
  Link. Other columns (Snoq Pass, White Pass: road conditions) are ignored. Names are matched
  ignoring case, surrounding spaces/quotes and repeated spaces.
* Quoted fields with doubled quotes and line breaks inside quotes (an Observations cell can
  span several lines; a record's ``line`` is the line where it starts).

The duplicated count columns
----------------------------
"From NWDC - Boarded Plane" and "From Plane - Boarded Bus to NWDC" each appear twice. The
banner of the 2019-2020 exports labels the first pair "YIRN Observations" (counted by the
community group on the tarmac) and the second pair "City Passenger Report" (figures the
City of Yakima got from the airport). So, by position:

* 1st "From NWDC - Boarded Plane"        -> ``boarded``       (people taken from the
  Northwest Detention Center in Tacoma onto the plane, community count)
* 1st "From Plane - Boarded Bus to NWDC" -> ``deplaned``      (people taken off the plane
  onto the bus to the NWDC, community count)
* 2nd of each                             -> ``city_boarded`` / ``city_deplaned``

A third copy of either name, or any other repeated column name, is a file-level error.
The 2020-10-07 export has only the first pair; the city fields are then ``None``.

Values
------
* Date: "Tuesday, May 7, 2019" (weekday optional; full or 3-letter month and weekday names),
  "2019-05-07" or "5/7/2019" (month first). A weekday name, when given, must be the real
  weekday of that date ("Monday, May 7, 2019" is an error: which of the two is wrong cannot
  be known). A word in the weekday's place that is no weekday name at all ("Tudsay, June 22,
  2021") is a typo of the weekday, not of the date: the date is read and a warning names the
  word. Impossible dates (February 30) are errors. Stray quote marks or a trailing full stop
  around the date are ignored: the logs contain "Tuesday, November 19, 2019'" and "Tuesday,
  May 26, 2020." whose meaning is not in doubt.
* Counts (boarded, deplaned, city_*, buses): whole numbers. Blank, "?" and "-" mean *not
  known* and become ``None``, never 0 ("-" is the same mark as blank: the cells written "-"
  in the 2019-10-16 export are blank in every later export). A number followed by "?"
  ("2?", the logger's guess) is also ``None``: we do not store a guess as a count. Anything
  else ("abc", "-3") is an error in the community counts (boarded, deplaned) and in buses.
  In the two City Passenger Report columns (``city_boarded``, ``city_deplaned``) such text is
  ``None`` plus a warning: those cells are a second, secondary source and the logs use them
  for remarks ("ICE Bearded" in the 2021-01-05 and 2021-06-25 exports, the flight of
  2020-11-17), so a remark there must not keep the flight itself out.
* Flight number: stripped, upper-cased, letters and digits only; required.
* Tail number: stripped, upper-cased; blank, "?" and "-" (tail not seen) become "".
* Previous/Next Airport: stripped, upper-cased ICAO (or 3-letter IATA, e.g. "IAH" in one
  row) code of 3-4 letters/digits, or blank.
* Operator, Owner, Observations, Link: stripped text; line breaks inside a cell become "\\n"
  so that a CRLF export and an LF export of the same row give equal records.

Rows that are not observations (reported in ``skipped``, not errors)
-------------------------------------------------------------------
* Rows of only separators / whitespace: skipped silently (not even listed).
* "No flight" notes: rows whose Flight count is not a number and whose Date, Flight count,
  Flight number, Tail number or Operator cell says "no flight" or "cancel(l)ed", e.g.
  ``"Tuesday, April 7, 2020",NO FLIGHT,,,`` or ``...|||"flight CANCELLED - holidays?"|...``.
  They record that nothing flew, so they are not flights. A row with a numeric Flight count
  is always treated as a flight, whatever its text says.
* The summary below the table: from a row whose Date is blank and which has a cell "Totals"
  to the end of the file (totals, tail-marking notes, a list of FlightAware alerts). One
  ``skipped`` entry covers it. A row in that section whose Date cell is a valid date is an
  error (a flight typed below the totals would otherwise be lost).
* A non-numeric Flight count that is not such a note is an error.

Identity: "the same flight seen in several exports is one flight"
-----------------------------------------------------------------
``Observation.identity_key == (date, flight_number)``.

A flight designator plus its date is how aviation itself names one flight, and the logs bear
it out: across the six exports there are 115 distinct (date, flight number) pairs, and for
every pair the tail number, previous airport and next airport are identical in every export
that has it, while Operator/Owner (Swift Air -> iAero Airways, rewritten for Dec 2019 rows),
counts ("-" -> blank) and Observations text (typo fixes) do change between exports. Tail and
airports therefore add nothing that tells flights apart, but putting them in the key would turn
a later correction (a "?" tail filled in, "IAH" fixed to "KIAH") into a second, phantom flight
and double-count the people on it. ``Flight count`` just numbers the flight rows of one export
(1..N; it would shift if a row were inserted or deleted above) and is not part of the identity;
it is only used to tell "no flight" notes from flights (below).

Within one file the key must be unique. In the six exports it is: the only days with two
flights (2021-04-27: SWQ3504 and SWQ3517; 2021-06-08: SWQ3502 and SWQ3608) have different
flight numbers. If a file ever repeats a (date, flight number) pair, the later row is an error
naming the earlier line, rather than merging two rows (losing one) or guessing which is right:
either it is the same flight entered twice (delete one row) or a real same-day double flight
that this key cannot tell apart, and a person has to decide. Caveat: a flight arriving under
one number and leaving under another ("Arriving as 3501 - departs as 3502") is logged under a
single number; if a later export switched which number it uses, the importer would see two
flights. That has not happened in these exports.

A corrected *date* does change the key, and it has happened once: the 2020-05-05 export
dates a flight "Wednesday, May 6, 2020" (SWQ3501, N529AU, 26 boarded, 4 deplaned, FlightAware
link .../history/20200505/...); every later export has the same row as "Tuesday, May 5,
2020". So the 115 keys are 114 real flights. A parser of one file cannot see this; the
importer (deportation.importers, "date corrections") recognises it across exports.

``departure_from_link`` reads the leg and UTC departure time out of a FlightAware history
link (.../history/20190507/1730Z/KYKM/KELP); the importer uses it to time the legs.

``parse_airports`` reads airports-foreign.csv (ICAO code, country, region, city, latitude,
longitude) and raises :class:`AirportFileError` listing every bad row.

Modules: `results` (what a parse returns), `values` (one cell), `table` (the file's shape and
its columns), `parse` (`parse_observations`), `airports` (`parse_airports`).
"""

from __future__ import annotations

from .airports import parse_airports
from .parse import parse_observations
from .results import (
    Airport,
    AirportFileError,
    Observation,
    ParseResult,
    RowError,
    RowWarning,
    SkippedRow,
)
from .values import LinkDeparture, departure_from_link, parse_date

__all__ = [
    "Airport",
    "AirportFileError",
    "Observation",
    "ParseResult",
    "RowError",
    "RowWarning",
    "SkippedRow",
    "LinkDeparture",
    "departure_from_link",
    "parse_airports",
    "parse_date",
    "parse_observations",
]
