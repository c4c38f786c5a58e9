"""The roster history tab: who changed what, field by field, in Vietnamese; officers see their own rows."""

from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from blocs import history, services
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    a = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABC"]
    ha = home_affairs(province, first_name="Lan", last_name="Nguyễn Thị")
    services.set_roster(bloc=bloc, year=2022, agencies=a, leader=a[0])
    client.force_login(ha)
    # Through the page, so the history records the user.
    client.post(
        reverse("blocs:roster_edit", args=[bloc.pk, 2022]),
        with_version(
            client,
            reverse("blocs:roster_edit", args=[bloc.pk, 2022]),
            {"agencies": [x.pk for x in a], "leader": a[1].pk, "deputy_1": a[0].pk},
        ),
    )
    return bloc, a, ha


def test_roster_history_shows_user_and_field_changes_in_vietnamese(client, setup):
    bloc, _a, _ha = setup
    response = client.get(reverse("blocs:roster_history", args=[bloc.pk, 2022]))
    entries = response.context["entries"]
    changed_b = next(e for e in entries if e.object_label == "Cơ quan B" and e.action == "Sửa")
    assert changed_b.user == "Lan Nguyễn Thị"
    assert [(c.field, c.old, c.new) for c in changed_b.changes if c.field == "Vai trò"] == [
        ("Vai trò", "Thành viên", "Trưởng khối")
    ]
    html = response.content.decode()
    assert "Lịch sử thay đổi danh sách thành viên năm 2022" in html


def test_roster_history_officer_sees_only_own_agency_rows(client, setup):
    bloc, a, _ha = setup
    client.force_login(officer(a[2]))
    entries = client.get(reverse("blocs:roster_history", args=[bloc.pk, 2022])).context["entries"]
    assert {e.object_label for e in entries} == {"Cơ quan C"}


def test_roster_history_other_province_is_404(client, setup):
    bloc, _a, _ha = setup
    client.force_login(home_affairs(ProvinceFactory()))
    assert client.get(reverse("blocs:roster_history", args=[bloc.pk, 2022])).status_code == 404


def test_roster_history_query_count_does_not_grow_with_changes(client, setup, django_assert_max_num_queries):
    bloc, a, _ha = setup
    for i in range(10):
        services.set_roster(bloc=bloc, year=2022, agencies=a, leader=a[i % 3])
    with django_assert_max_num_queries(12):
        client.get(reverse("blocs:roster_history", args=[bloc.pk, 2022]))


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("12.00"), "12"), (Decimal("16.50"), "16,5"), (Decimal("0.25"), "0,25"), (Decimal("100"), "100")],
)
def test_decimals_are_shown_without_trailing_zeros_with_a_vietnamese_comma(value, shown):
    field = models.DecimalField(max_digits=6, decimal_places=2)
    with translation.override("vi"):
        assert history._display(field, value, {}) == shown
