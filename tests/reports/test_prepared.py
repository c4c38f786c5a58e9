import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from awards.models import AwardRecord, ReportingPeriod
from blocs.models import Membership
from reports.prepared import PreparedQuery
from tests.factories import AgencyFactory, BlocFactory, MembershipFactory, ProvinceFactory
from tests.reports.factories import PeriodFactory, award

pytestmark = pytest.mark.django_db


def _roster(*, bloc_id, year):
    return Membership.objects.filter(bloc_id=bloc_id, year=year).values_list("agency__name", "year").order_by("pk")


@pytest.fixture
def two_blocs():
    province = ProvinceFactory()
    blocs = [BlocFactory(province=province), BlocFactory(province=province)]
    for bloc, names in zip(blocs, (["A", "B"], ["C"]), strict=True):
        for year in (2023, 2024):
            for name in names:
                agency = AgencyFactory(province=province, name=f"{name}{year}")
                MembershipFactory(bloc=bloc, agency=agency, year=year)
    return blocs


def test_rows_equal_the_querysets_rows_for_every_set_of_numbers(two_blocs):
    query = PreparedQuery(_roster, ("bloc_id", "year"))
    for bloc in two_blocs:
        for year in (2023, 2024, 2025):
            assert query.rows(bloc_id=bloc.pk, year=year) == list(_roster(bloc_id=bloc.pk, year=year))
    assert query.rows(bloc_id=two_blocs[0].pk, year=2024) == [("A2024", 2024), ("B2024", 2024)]


def test_compiles_once_per_shape_then_runs_one_query(two_blocs):
    built = []

    def build(*, bloc_id, year):
        built.append((bloc_id, year))
        return _roster(bloc_id=bloc_id, year=year)

    query = PreparedQuery(build, ("bloc_id", "year"))
    query.rows(bloc_id=two_blocs[0].pk, year=2023)
    compiled = len(built)
    assert compiled == 2  # once with each set of placeholders
    with CaptureQueriesContext(connection) as queries:
        assert query.rows(bloc_id=two_blocs[1].pk, year=2024) == [("C2024", 2024)]
    assert len(built) == compiled
    assert len(queries) == 1


def test_each_shape_is_compiled_apart():
    province = ProvinceFactory()
    agency = AgencyFactory(province=province)
    period = PeriodFactory(province=province, year=2024, kind="year")
    award(agency, period, "giay-khen", 2, 5, state="accepted")
    other = AgencyFactory(province=province)
    award(other, period, "giay-khen", 1, 1, state="draft")

    def build(*, states, period_id):
        qs = AwardRecord.objects.filter(period_id=period_id)
        if states:
            qs = qs.filter(submission__state__in=states)
        return qs.order_by().values_list("period_id").annotate(c=Sum("collectives"), i=Sum("individuals"))

    query = PreparedQuery(build, ("period_id",))
    assert query.rows({"states": ("accepted",)}, period_id=period.pk) == [(period.pk, 2, 5)]
    assert query.rows({"states": ()}, period_id=period.pk) == [(period.pk, 3, 6)]
    assert query.rows({"states": ("accepted", "draft")}, period_id=period.pk) == [(period.pk, 3, 6)]


def test_values_pass_through_the_orms_converters():
    province = ProvinceFactory()
    PeriodFactory(province=province, year=2024, kind="year")
    query = PreparedQuery(
        lambda *, province_id: ReportingPeriod.objects.filter(province_id=province_id).values_list(
            "start_date", "end_date"
        ),
        ("province_id",),
    )
    assert query.rows(province_id=province.pk) == [(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))]


def test_refuses_a_queryset_that_is_not_a_values_list():
    query = PreparedQuery(lambda *, year: Membership.objects.filter(year=year), ("year",))
    with pytest.raises(ValueError, match="values_list"):
        query.rows(year=2024)
    flat = PreparedQuery(lambda *, year: Membership.objects.filter(year=year).values_list("year", flat=True), ("year",))
    with pytest.raises(ValueError, match="values_list"):
        flat.rows(year=2024)


def test_refuses_a_number_the_query_transforms():
    query = PreparedQuery(lambda *, year: Membership.objects.filter(year=year + 1).values_list("agency_id"), ("year",))
    with pytest.raises(ValueError, match="derived from a number"):
        query.rows(year=2024)


def test_refuses_a_number_the_query_does_not_use():
    query = PreparedQuery(lambda *, year, bloc_id: Membership.objects.filter(year=year).values_list("agency_id"), (
        "year", "bloc_id"))  # fmt: skip
    with pytest.raises(ValueError, match="bloc_id"):
        query.rows(year=2024, bloc_id=1)


def test_refuses_columns_the_sql_would_give_in_another_order():
    query = PreparedQuery(
        lambda *, year: (
            Membership.objects.filter(year=year).annotate(n=Sum("deputy_slot")).values_list("n", "agency_id")
        ),
        ("year",),
    )
    with pytest.raises(ValueError, match="columns"):
        query.rows(year=2024)


def test_refuses_missing_or_unknown_numbers():
    query = PreparedQuery(_roster, ("bloc_id", "year"))
    with pytest.raises(TypeError):
        query.rows(bloc_id=1)
    with pytest.raises(TypeError):
        query.rows(bloc_id=1, year=2024, other=3)
