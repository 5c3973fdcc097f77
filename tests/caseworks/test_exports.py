import csv
import io

import pytest

from caseworks.exports import csv_response, csv_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Orlov", "Orlov"),
        (-5, -5),
        (None, None),
    ],
)
def test_csv_safe_neutralizes_formulas(value, expected):
    assert csv_safe(value) == expected


def test_csv_response_is_an_attachment_with_safe_cells():
    response = csv_response("x.csv", ["a", "b"], [["=1+1", 3]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["a", "b"], ["'=1+1", "3"]]
