"""The years a bloc's (and a province's) year menus offer: from the earliest year with data, or
the bloc's creation, to next year."""

import datetime

import pytest

from blocs import selectors, services
from blocs.models import BlocRegulation
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 4)


def test_bloc_years_run_from_the_first_roster_to_next_year(django_assert_num_queries):
    bloc = BlocFactory()
    services.set_roster(bloc=bloc, year=2019, agencies=[AgencyFactory(province=bloc.province)])
    with django_assert_num_queries(1):
        years = selectors.bloc_years(bloc, today=TODAY)
    assert years == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]


def test_bloc_years_start_at_an_earlier_regulation():
    bloc = BlocFactory()
    services.set_roster(bloc=bloc, year=2022, agencies=[AgencyFactory(province=bloc.province)])
    BlocRegulation.objects.create(bloc=bloc, year=2020, number="1/QĐ", title="Quy chế")
    assert selectors.bloc_years(bloc, today=TODAY)[0] == 2020


def test_new_bloc_without_data_offers_this_year_and_next():
    bloc = BlocFactory()
    this_year = datetime.date.today().year
    assert selectors.bloc_years(bloc) == [this_year, this_year + 1]


def test_province_years_follow_the_first_roster_of_its_blocs():
    p, q = ProvinceFactory(), ProvinceFactory()
    old = BlocFactory(province=q)
    services.set_roster(bloc=old, year=2015, agencies=[AgencyFactory(province=q)])
    bloc = BlocFactory(province=p)
    services.set_roster(bloc=bloc, year=2021, agencies=[AgencyFactory(province=p)])
    assert selectors.province_years([p.id], today=TODAY) == [2021, 2022, 2023, 2024, 2025, 2026, 2027]
    assert selectors.province_years(None, today=TODAY)[0] == 2015


def test_bloc_page_menu_offers_every_year_of_the_bloc(client):
    bloc = BlocFactory()
    services.set_roster(bloc=bloc, year=2020, agencies=[AgencyFactory(province=bloc.province)])
    client.force_login(home_affairs(bloc.province))
    response = client.get(bloc.get_absolute_url())
    this_year = datetime.date.today().year
    assert response.context["menu_years"] == list(range(2020, this_year + 2))


def test_roster_page_offers_the_blocs_years_and_moves_to_the_chosen_one(client):
    from django.urls import reverse

    from blocs import services
    from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs

    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    services.set_roster(bloc=bloc, year=2021, agencies=[AgencyFactory(province=province)])
    client.force_login(home_affairs(province))
    url = reverse("blocs:roster_edit", args=[bloc.pk, 2021])
    html = client.get(url).content.decode()
    menu = html.split('data-testid="year-menu"')[1].split("</form>")[0]
    assert '<option value="2021" selected>2021</option>' in menu
    assert '<option value="2022">2022</option>' in menu
    response = client.get(url, {"year": 2022})
    assert response.status_code == 302
    assert response["Location"] == reverse("blocs:roster_edit", args=[bloc.pk, 2022])
