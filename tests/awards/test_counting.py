import pytest

from awards import counting, services
from awards.models import ReportingPeriod, Submission
from tests.awards.factories import period, row, save
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _fill(world):
    """A0 draft (granted 10/20, proposed 1/0), A1 submitted (0/7), A3 accepted (3/0), A4
    returned (0/1), all in the first half of 2022."""
    a, p = world["agencies"], world["period"]
    save(
        a[0],
        p,
        [
            row(collectives=10, individuals=20),
            row("bang-khen-bo-tinh", authority="Chủ tịch UBND tỉnh", status="proposed", collectives=1),
        ],
    )
    save(a[1], p, [row(individuals=5), row("cstd-co-so", individuals=2)], submit=True)
    sub = save(a[3], p, [row(collectives=3)], submit=True)
    services.accept_submission(submission=sub, actor=world["ha"])
    sub = save(a[4], p, [row(individuals=1)], submit=True)
    services.return_submission(submission=sub, actor=world["ha"], reason="Thiếu số quyết định")


def _totals(world, *, kind="h1", year=2022, scope=counting.SCOPE_ALL, **kwargs):
    rows = counting.award_totals(province_id=world["province"].pk, kind=kind, year=year, scope=scope, **kwargs)
    return {tuple(r[:-2]) if len(r) > 3 else r[0]: (r[-2], r[-1]) for r in rows}


def test_award_totals_by_agency_per_scope(world):
    _fill(world)
    a = world["agencies"]
    granted = {"statuses": ["granted"]}
    assert _totals(world, **granted) == {a[0].id: (10, 20), a[1].id: (0, 7), a[3].id: (3, 0), a[4].id: (0, 1)}
    assert _totals(world, scope=counting.SCOPE_SUBMITTED, **granted) == {a[1].id: (0, 7), a[3].id: (3, 0)}
    assert _totals(world, scope=counting.SCOPE_ACCEPTED, **granted) == {a[3].id: (3, 0)}


def test_award_totals_by_status_and_level(world):
    _fill(world)
    assert _totals(world, by=("status",)) == {"granted": (13, 28), "proposed": (1, 0)}
    assert _totals(world, by=("status", "level")) == {
        ("granted", "unit"): (13, 28),
        ("proposed", "ministry_province"): (1, 0),
    }


def test_award_totals_some_agencies_in_one_query(world, django_assert_num_queries):
    _fill(world)
    a = world["agencies"]
    with django_assert_num_queries(1):
        assert _totals(world, by=("form",), agencies=[a[0].id, a[1].id], statuses=["granted"]) != {}
    forms = _totals(world, by=("form__code",), agencies=[a[0].id, a[1].id])
    assert forms == {"giay-khen": (10, 25), "cstd-co-so": (0, 2), "bang-khen-bo-tinh": (1, 0)}


def test_award_totals_reads_only_the_period_of_the_kind(world):
    """The full-year period covers the whole year: the six-month and annual figures are never added."""
    _fill(world)
    a = world["agencies"]
    year = period(world["province"], kind=ReportingPeriod.Kind.YEAR, actor=world["ha"])
    save(a[0], year, [row(collectives=25, individuals=40)])
    assert _totals(world, kind="year", by=("status",)) == {"granted": (25, 40)}
    assert _totals(world, kind="h1", by=("status",)) == {"granted": (13, 28), "proposed": (1, 0)}


def test_award_totals_years_and_provinces_apart(world):
    _fill(world)
    a = world["agencies"]
    h1_2023 = period(world["province"], year=2023, actor=world["ha"])
    save(a[0], h1_2023, [row(collectives=2)])
    other = AgencyFactory(province=world["other_province"])
    save(other, period(world["other_province"]), [row(collectives=100)])
    assert _totals(world, year=2023, by=("status",)) == {"granted": (2, 0)}
    assert _totals(world, year=None, by=("year",), statuses=["granted"]) == {2022: (13, 28), 2023: (2, 0)}


def test_award_totals_empty_is_no_row(world):
    assert _totals(world) == {}


def test_award_totals_unknown_kind_or_scope_refused(world):
    with pytest.raises(ValueError):
        counting.award_totals(province_id=world["province"].pk, kind="q3", year=2022, scope=counting.SCOPE_ALL)
    with pytest.raises(ValueError):
        counting.award_totals(province_id=world["province"].pk, kind="h1", year=2022, scope="drafts")


@pytest.mark.parametrize(
    ("state", "scope", "counted"),
    [
        (None, counting.SCOPE_ALL, False),
        (Submission.State.DRAFT, counting.SCOPE_ALL, True),
        (Submission.State.DRAFT, counting.SCOPE_SUBMITTED, False),
        (Submission.State.RETURNED, counting.SCOPE_SUBMITTED, False),
        (Submission.State.SUBMITTED, counting.SCOPE_SUBMITTED, True),
        (Submission.State.SUBMITTED, counting.SCOPE_ACCEPTED, False),
        (Submission.State.ACCEPTED, counting.SCOPE_ACCEPTED, True),
    ],
)
def test_is_counted_follows_the_scope(state, scope, counted):
    assert counting.is_counted(state, scope) is counted
