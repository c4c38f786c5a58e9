import pytest

from blocs import selectors, services
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

pytestmark = pytest.mark.django_db


def test_home_affairs_of_successor_sees_predecessor_blocs():
    thai_nguyen = ProvinceFactory(name="Thái Nguyên")
    bac_kan = ProvinceFactory(name="Bắc Kạn", successor=thai_nguyen)
    old = BlocFactory(province=bac_kan)
    BlocFactory()  # elsewhere
    assert list(selectors.blocs_for_user(home_affairs(thai_nguyen))) == [old]
    assert list(selectors.blocs_for_user(home_affairs(bac_kan))) == [old]


def test_officer_sees_only_own_province():
    p = ProvinceFactory()
    mine = BlocFactory(province=p)
    BlocFactory()
    assert list(selectors.blocs_for_user(officer(AgencyFactory(province=p)))) == [mine]


def test_admin_sees_all_blocs():
    BlocFactory(), BlocFactory()
    assert selectors.blocs_for_user(admin_user()).count() == 2


def test_leadership_history_rows_per_year():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p, max_deputies=2)
    a = [AgencyFactory(province=p) for _ in range(4)]
    services.set_roster(bloc=bloc, year=2022, agencies=a, leader=a[0], deputies=[a[1], a[2]])
    services.set_roster(bloc=bloc, year=2023, agencies=a[:2])
    rows = selectors.leadership_history(bloc)
    assert [(r.year, r.leader and r.leader.agency, [d.agency for d in r.deputies], r.member_count) for r in rows] == [
        (2022, a[0], [a[1], a[2]], 4),
        (2023, None, [], 2),
    ]
