import io

import pytest
from django.core.management import call_command

from blocs.models import Bloc, Membership, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Bloc.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        sorted(Membership.objects.values_list("bloc__name", "year", "agency__name", "role")),
    )


def test_load_demo_is_idempotent_and_prints_logins():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    text = out.getvalue()
    assert "snv.dongthap" in text and "bg.congan" in text and "admin" in text


def test_load_demo_builds_the_three_cases():
    call_command("load_demo", stdout=io.StringIO())
    dong_thap = Bloc.objects.get(number=6)
    roles = dict(Membership.objects.filter(bloc=dong_thap, year=2022).values_list("agency__name", "role"))
    assert len(roles) == 8
    assert roles["Cục Thi hành án dân sự tỉnh"] == "leader"
    assert roles["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"] == "deputy"
    assert dong_thap.regulations.get(year=2022).number == "157/QĐ-KTĐS6"

    bac_giang = Bloc.objects.get(province__name="Bắc Giang")
    assert Membership.objects.filter(bloc=bac_giang, year=2022).count() == 7

    bac_kan = Bloc.objects.get(province__name="Bắc Kạn")
    assert Membership.objects.filter(bloc=bac_kan, year=2022).count() == 9
    roles_2023 = dict(
        Membership.objects.filter(bloc=bac_kan, year=2023).exclude(role="member").values_list("agency__name", "role")
    )
    assert roles_2023 == {"Thanh tra tỉnh": "leader", "Công an tỉnh": "deputy"}
    assert User.objects.filter(role="officer", agency__province__name="Bắc Giang").count() == 7
