"""The year bounds, the `<year:…>` path converter and `?year=` parsing (`blocs.years`)."""

import pytest
from django.http import Http404
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from blocs.years import YEAR_MAX, YEAR_MIN, YearConverter, parse_year, year_or_404


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2022", 2022), (" 1945 ", 1945), ("2200", 2200), ("1944", None), ("2201", None), ("", None), (None, None)],
)
def test_parse_year_accepts_only_years_in_bounds(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", ["abc", "-2022", "20.22", "99999"])
def test_parse_year_rejects_non_years(value):
    assert parse_year(value) is None


def test_year_or_404_raises_outside_bounds():
    assert year_or_404("2023") == 2023
    with pytest.raises(Http404):
        year_or_404(str(YEAR_MAX + 1))


def test_year_converter_rejects_out_of_range_years():
    converter = YearConverter()
    assert converter.to_python(str(YEAR_MIN)) == YEAR_MIN
    with pytest.raises(ValueError, match="out of range"):
        converter.to_python(str(YEAR_MIN - 1))


def test_year_path_resolves_in_bounds_and_404s_outside():
    match = resolve(reverse("blocs:roster_edit", kwargs={"pk": 3, "year": 2022}))
    assert match.kwargs == {"pk": 3, "year": 2022}
    with pytest.raises(Resolver404):
        resolve("/blocs/3/roster/2201/")
