"""What a user is to a bloc in a year (`blocs.access`), for every kind of user."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from blocs import services
from blocs.access import (
    BlocAccess,
    access_for,
    bloc_access,
    leads_bloc_of,
    led_bloc,
    years_as_member,
    years_led,
)
from blocs.models import Membership
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_giang():
    return ProvinceFactory(name="Bắc Giang")


@pytest.fixture
def bac_giang_bloc(bac_giang):
    """Police leads in 2022, the court in 2023; the procuracy is a plain member both years."""
    bloc = BlocFactory(province=bac_giang, name="Khối Nội chính")
    police = AgencyFactory(province=bac_giang, name="Công an tỉnh")
    court = AgencyFactory(province=bac_giang, name="Tòa án nhân dân tỉnh")
    procuracy = AgencyFactory(province=bac_giang, name="Viện Kiểm sát nhân dân tỉnh")
    services.set_roster(bloc=bloc, year=2022, agencies=[police, court, procuracy], leader=police)
    services.set_roster(bloc=bloc, year=2023, agencies=[police, court, procuracy], leader=court)
    bloc.police, bloc.court, bloc.procuracy = police, court, procuracy
    return bloc


def answers(access):
    return (access.manages, access.is_member, access.leads, access.role, access.agency_id)


def test_access_anonymous_is_nothing_and_out_of_scope(bac_giang_bloc):
    user = AnonymousUser()
    assert answers(BlocAccess(user, bac_giang_bloc, 2022)) == (False, False, False, None, None)
    with pytest.raises(Http404):
        bloc_access(user, bac_giang_bloc.pk, 2022)


def test_access_officer_of_another_agency_in_the_province_sees_but_is_nothing(bac_giang, bac_giang_bloc):
    user = officer(AgencyFactory(province=bac_giang, name="Sở Tài chính"))
    access = bloc_access(user, bac_giang_bloc.pk, 2022)
    assert access.sees
    assert answers(access) == (False, False, False, None, None)
    assert access.agency is None


def test_access_officer_of_a_member_agency_is_member_not_leader(bac_giang_bloc):
    procuracy = bac_giang_bloc.procuracy
    access = bloc_access(officer(procuracy), bac_giang_bloc, 2022)
    assert answers(access) == (False, True, False, Membership.Role.MEMBER, procuracy.id)
    assert access.agency == procuracy
    assert not access.manages_or_leads


def test_access_leader_officer_leads_only_in_the_year_led(bac_giang_bloc):
    user = officer(bac_giang_bloc.police)
    assert answers(bloc_access(user, bac_giang_bloc.pk, 2022)) == (
        False,
        True,
        True,
        Membership.Role.LEADER,
        bac_giang_bloc.police.id,
    )
    later = bloc_access(user, bac_giang_bloc.pk, 2023)
    assert (later.is_member, later.leads) == (True, False)
    assert bloc_access(user, bac_giang_bloc.pk, 2024).is_member is False


def test_access_home_affairs_of_the_province_manages_without_being_member(bac_giang, bac_giang_bloc):
    access = bloc_access(home_affairs(bac_giang), bac_giang_bloc.pk, 2022)
    assert answers(access) == (True, False, False, None, None)
    assert access.manages_or_leads


def test_access_home_affairs_of_the_successor_province_manages(bac_giang, bac_giang_bloc):
    bac_ninh = ProvinceFactory(name="Bắc Ninh")
    bac_giang.successor = bac_ninh
    bac_giang.save(update_fields=["successor"])
    access = bloc_access(home_affairs(bac_ninh), bac_giang_bloc.pk, 2022)
    assert access.manages


def test_access_home_affairs_of_another_province_is_out_of_scope(bac_giang_bloc):
    user = home_affairs(ProvinceFactory(name="Thái Nguyên"))
    with pytest.raises(Http404):
        bloc_access(user, bac_giang_bloc.pk, 2022)
    with pytest.raises(Http404):
        bloc_access(user, bac_giang_bloc, 2022)
    unscoped = BlocAccess(user, bac_giang_bloc, 2022)
    assert (unscoped.sees, unscoped.manages) == (False, False)


def test_access_admin_manages_every_bloc(bac_giang_bloc):
    access = bloc_access(admin_user(), bac_giang_bloc.pk, 2022)
    assert answers(access) == (True, False, False, None, None)


def test_access_role_read_from_the_loaded_roster_costs_no_query(bac_giang_bloc, django_assert_num_queries):
    user = officer(bac_giang_bloc.court)
    access = bloc_access(user, bac_giang_bloc.pk, 2023, with_roster=True)
    with django_assert_num_queries(0):
        assert (access.leads, access.leader.agency_id, access.member(bac_giang_bloc.police.id)) == (
            True,
            bac_giang_bloc.court.id,
            bac_giang_bloc.police,
        )
    assert access.member(AgencyFactory().id) is None


def test_access_role_without_roster_is_one_query_asked_once(bac_giang_bloc, django_assert_num_queries):
    user = officer(bac_giang_bloc.procuracy)
    access = BlocAccess(user, bac_giang_bloc, 2022)
    with django_assert_num_queries(1):
        assert (access.is_member, access.leads, access.agency_id) == (True, False, bac_giang_bloc.procuracy.id)


def test_access_for_keeps_one_object_per_user_and_bloc_year(bac_giang_bloc):
    user = officer(bac_giang_bloc.police)
    assert access_for(user, bac_giang_bloc, 2022) is access_for(user, bac_giang_bloc, 2022)
    assert access_for(user, bac_giang_bloc, 2023) is not access_for(user, bac_giang_bloc, 2022)


def test_access_helpers_across_years(bac_giang_bloc):
    police_officer = officer(bac_giang_bloc.police)
    assert led_bloc(police_officer, 2022) == bac_giang_bloc
    assert led_bloc(police_officer, 2023) is None
    assert years_led(police_officer) == {2022}
    assert years_led(officer(bac_giang_bloc.court)) == {2023}
    assert leads_bloc_of(police_officer, bac_giang_bloc.procuracy, 2022)
    assert not leads_bloc_of(police_officer, bac_giang_bloc.procuracy, 2023)
    assert years_as_member(officer(bac_giang_bloc.procuracy), bac_giang_bloc, [2021, 2022, 2023]) == {2022, 2023}
    assert years_as_member(home_affairs(bac_giang_bloc.province), bac_giang_bloc, [2022]) == set()


def test_access_predicates_refuse_another_users_answers(bac_giang, bac_giang_bloc):
    leader = officer(bac_giang_bloc.police)
    stranger = officer(AgencyFactory(province=bac_giang))
    access = bloc_access(leader, bac_giang_bloc.pk, 2022)
    assert leader.has_perm("reports.export_bloc_report", access)
    assert not stranger.has_perm("reports.export_bloc_report", access)
