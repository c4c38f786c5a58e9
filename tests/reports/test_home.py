"""The home page (what is the user's to do) and the agency list: query counts do not grow with
the number of blocs, memberships or agencies."""

import pytest
from django.urls import reverse

from blocs import services
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs, officer

pytestmark = pytest.mark.django_db


def _province_with(n_blocs: int):
    province = ProvinceFactory()
    agencies = []
    for _ in range(n_blocs):
        bloc = BlocFactory(province=province)
        members = [AgencyFactory(province=province) for _ in range(3)]
        agencies += members
        for year in (2021, 2022):
            services.set_roster(bloc=bloc, year=year, agencies=members, leader=members[year % 3])
    return province, agencies


def _count(client, user, url, django_assert_num_queries, expected):
    client.force_login(user)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", [1, 25])
def test_home_query_count_for_home_affairs_is_constant(client, django_assert_num_queries, n):
    province, _agencies = _province_with(n)
    response = _count(client, home_affairs(province), reverse("home"), django_assert_num_queries, 5)
    assert len(response.context["blocs"]) == n


@pytest.mark.parametrize("n", [1, 25])
def test_home_query_count_for_officer_is_constant(client, django_assert_num_queries, n):
    _province, agencies = _province_with(n)
    response = _count(client, officer(agencies[0]), reverse("home"), django_assert_num_queries, 8)
    assert [m.year for m in response.context["memberships"]] == [2022, 2021]


@pytest.mark.parametrize("n", [1, 25])
def test_agency_list_query_count_is_constant(client, django_assert_num_queries, n):
    province, agencies = _province_with(n)
    # 7: one of them reads the former names of the agencies (renamed agencies), whatever n
    response = _count(client, home_affairs(province), reverse("blocs:agencies"), django_assert_num_queries, 7)
    assert len(response.context["agencies"]) == len(agencies)


@pytest.mark.parametrize("years", [1, 15])
def test_agency_detail_query_count_is_constant(client, django_assert_num_queries, years):
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    agency = AgencyFactory(province=province)
    for year in range(2010, 2010 + years):
        services.set_roster(bloc=bloc, year=year, agencies=[agency], leader=agency)
    url = reverse("blocs:agency", args=[agency.pk])
    # 7: one of them reads the agency's former names
    response = _count(client, home_affairs(province), url, django_assert_num_queries, 7)
    assert len(response.context["memberships"]) == years
