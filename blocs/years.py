"""The years the application accepts, defined once: the bounds, the `<year:…>` path converter
and the parsing of a `?year=` query parameter.

Models' check constraints, forms, views and the export commands all import `YEAR_MIN` and
`YEAR_MAX` from here (migrations keep the literal values they were written with); the range of
dates a person may type (`DATE_MIN`, `date_max`) follows from the same bounds.
"""

import datetime

from django.http import Http404
from django.utils import timezone

YEAR_MIN = 1945
YEAR_MAX = 2200


def in_range(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def parse_year(value) -> int | None:
    """A year from user input (a query parameter), or None when it is missing, not a whole number
    or out of range."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):  # "٢٠٢٢" is digits to Python, not to us
        return None
    year = int(text)
    return year if in_range(year) else None


def year_or_404(value) -> int:
    """A year from user input, or a 404 when it is not one the application knows."""
    year = parse_year(value)
    if year is None:
        raise Http404
    return year


class YearConverter:
    """`<year:year>` in a URL: digits within the bounds; anything else does not match (404)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not in_range(year):
            raise ValueError(f"year {year} out of range")
        return year

    def to_url(self, value) -> str:
        return str(int(value))


# --- Dates ----------------------------------------------------------------------------------
# A date typed into the application is a decision, a meeting, a deadline: never before the
# first year the application knows, never more than a year after next year ends. Form fields
# (`blocs.forms.BoundedDateField`) and the Excel import check these bounds; services check the
# narrower windows of their own rules (a period's window, a decision within its period).

DATE_MIN = datetime.date(YEAR_MIN, 1, 1)


def date_max(today: datetime.date | None = None) -> datetime.date:
    """31/12 of the year after next: the latest date anyone has reason to type today."""
    today = today or timezone.localdate()
    return datetime.date(today.year + 2, 12, 31)


def date_in_range(value: datetime.date, today: datetime.date | None = None) -> bool:
    return DATE_MIN <= value <= date_max(today)
