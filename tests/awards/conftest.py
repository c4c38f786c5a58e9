import pytest

from blocs import services as bloc_services
from tests.awards.factories import period
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer


@pytest.fixture
def world(db):
    """A province with two blocs in 2022, an open H1 2022 period, and one user of each kind.

    Bloc 1: A0 leader, A1 deputy, A2 member. Bloc 2: A3 leader, A4 member."""
    province = ProvinceFactory(name="Bắc Giang", code="bg-test")
    other_province = ProvinceFactory(name="Bắc Kạn", code="bk-test")
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCDE"]
    bloc1 = BlocFactory(province=province, name="Khối Nội chính", number=1)
    bloc2 = BlocFactory(province=province, name="Khối Kinh tế", number=2)
    bloc_services.set_roster(bloc=bloc1, year=2022, agencies=agencies[:3], leader=agencies[0], deputies=[agencies[1]])
    bloc_services.set_roster(bloc=bloc2, year=2022, agencies=agencies[3:], leader=agencies[3])
    ha = home_affairs(province)
    return {
        "province": province,
        "other_province": other_province,
        "agencies": agencies,
        "bloc1": bloc1,
        "bloc2": bloc2,
        "period": period(province, actor=ha),
        "ha": ha,
        "ha_other": home_affairs(other_province),
        "officer": officer(agencies[2], email="a2@example.vn"),
        "officer_same_bloc": officer(agencies[1]),
        "leader_officer": officer(agencies[0]),
        "officer_other_bloc": officer(agencies[4]),
        "officer_other_province": officer(AgencyFactory(province=other_province)),
        "admin": admin_user(),
    }
