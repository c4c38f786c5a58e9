"""Each database constraint of blocs, violated once: the database refuses it and full_clean()
explains it in Vietnamese."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from blocs.models import Bloc, Membership, User
from tests.factories import AgencyFactory, BlocFactory, MembershipFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def _db_refuses(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_membership_agency_in_two_blocs_same_year_refused():
    m = MembershipFactory()
    other_bloc = BlocFactory(province=m.bloc.province)
    dup = Membership(bloc=other_bloc, agency=m.agency, year=m.year)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        dup.full_clean()
    assert "Cơ quan này đã thuộc một khối trong năm này." in exc.value.messages
    _db_refuses(dup)


def test_membership_same_agency_next_year_allowed():
    m = MembershipFactory()
    Membership.objects.create(bloc=m.bloc, agency=m.agency, year=m.year + 1)
    assert Membership.objects.filter(agency=m.agency).count() == 2


def test_membership_two_leaders_refused():
    m = MembershipFactory(role=Membership.Role.LEADER)
    second = Membership(bloc=m.bloc, agency=AgencyFactory(province=m.bloc.province), year=m.year, role="leader")
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "Khối đã có Trưởng khối trong năm này." in exc.value.messages
    _db_refuses(second)


def test_membership_same_deputy_slot_twice_refused():
    m = MembershipFactory(role=Membership.Role.DEPUTY, deputy_slot=1)
    second = Membership(
        bloc=m.bloc, agency=AgencyFactory(province=m.bloc.province), year=m.year, role="deputy", deputy_slot=1
    )
    _db_refuses(second)


def test_membership_deputy_without_slot_refused():
    _db_refuses(Membership(bloc=BlocFactory(), agency=AgencyFactory(), year=2022, role="deputy"))


def test_membership_member_with_slot_refused():
    _db_refuses(Membership(bloc=BlocFactory(), agency=AgencyFactory(), year=2022, role="member", deputy_slot=1))


def test_membership_deputy_slot_above_ceiling_refused():
    bloc = BlocFactory(max_deputies=3)
    _db_refuses(
        Membership(bloc=bloc, agency=AgencyFactory(province=bloc.province), year=2022, role="deputy", deputy_slot=4)
    )


def test_membership_agency_of_other_province_fails_clean():
    m = Membership(bloc=BlocFactory(), agency=AgencyFactory(), year=2022)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        m.full_clean()
    assert exc.value.message_dict["agency"] == ["Cơ quan thuộc tỉnh khác với tỉnh của khối."]


def test_bloc_max_deputies_out_of_range_refused():
    _db_refuses(Bloc(province=ProvinceFactory(), name="X", max_deputies=0))
    _db_refuses(Bloc(province=ProvinceFactory(), name="Y", max_deputies=4))


def test_bloc_duplicate_name_in_province_refused():
    bloc = BlocFactory()
    _db_refuses(Bloc(province=bloc.province, name=bloc.name))


def test_agency_successor_of_itself_refused():
    agency = AgencyFactory()
    agency.successor = agency
    _db_refuses(agency)


def test_agency_validity_reversed_refused():
    import datetime

    _db_refuses(
        AgencyFactory.build(
            province=ProvinceFactory(), valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 1, 1)
        )
    )


def test_user_officer_without_agency_refused():
    _db_refuses(User(username="x", role=User.Role.OFFICER))


def test_user_home_affairs_without_province_refused():
    _db_refuses(User(username="y", role=User.Role.HOME_AFFAIRS))


def test_agency_valid_in_year_uses_validity_period():
    import datetime

    a = AgencyFactory(valid_to=datetime.date(2025, 6, 30))
    assert a.is_valid_in_year(2025) and not a.is_valid_in_year(2026)
    b = AgencyFactory(valid_from=datetime.date(2025, 7, 1))
    assert b.is_valid_in_year(2025) and not b.is_valid_in_year(2024)
