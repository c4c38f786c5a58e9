"""Pagination, stable ordering, conditional requests and pinned query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import services
from awards import services as award_services
from blocs import services as bloc_services
from blocs.models import Province
from conferences.models import Conference
from tests.awards import factories as award_builders
from tests.conferences.factories import ConferenceFactory
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user

pytestmark = pytest.mark.django_db


def build(n: int):
    """A province whose one bloc has `n` members, each with a submitted report and a conference."""
    province = ProvinceFactory(name="Tỉnh P")
    bloc = BlocFactory(province=province, name="Khối B")
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {i:03d}") for i in range(n)]
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[0])
    period = award_builders.period(province)
    for agency in agencies:
        award_builders.save(agency, period, [award_builders.row(collectives=1, individuals=2)], submit=True)
    for _ in range(n):
        ConferenceFactory(bloc=bloc, year=2022, kind=Conference.Kind.OTHER)
    new = services.create_token(name="Hệ thống", province=province, user=admin_user())
    return Client(HTTP_AUTHORIZATION=f"Bearer {new.key}"), province, bloc


LISTS = ["agencies", "rosters", "submissions", "award_counts", "conferences", "blocs", "periods", "provinces"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 500})
    assert response.status_code == 200, response.content
    return len(ctx)


def test_list_query_counts_are_the_same_at_1_and_100_objects():
    client, *_ = build(1)
    one = {name: _queries(client, reverse(f"api:{name}")) for name in LISTS}
    Province.objects.filter(name="Tỉnh P").update(name="Tỉnh P (1)")
    many_client, *_ = build(100)
    assert {name: _queries(many_client, reverse(f"api:{name}")) for name in LISTS} == one


@pytest.mark.parametrize(
    ("name", "expected"),
    [("agencies", 6), ("rosters", 6), ("submissions", 6), ("award_counts", 6), ("conferences", 9)],
)
def test_list_query_count_is_pinned(name, expected):
    """Token lookup and its use count (2), the token's provinces (1), count and page (2), the
    data version (1); conferences add attendance, tasks and votes (3)."""
    client, *_ = build(3)
    assert _queries(client, reverse(f"api:{name}")) == expected


def test_report_query_count_does_not_grow_with_members():
    client, province, bloc = build(1)
    one = _queries(client, reverse("api:bloc_report", args=[bloc.pk, 2022, "h1"]))
    Province.objects.filter(pk=province.pk).update(name="Tỉnh P (1)")
    other_client, _province, other_bloc = build(100)
    assert _queries(other_client, reverse("api:bloc_report", args=[other_bloc.pk, 2022, "h1"])) == one


def test_pages_are_stable_and_complete():
    client, *_ = build(7)
    url = reverse("api:agencies")
    first = client.get(url, {"page_size": 3}).json()
    assert first["count"] == 7
    names = []
    page = 1
    while True:
        data = client.get(url, {"page_size": 3, "page": page}).json()
        names += [a["name"] for a in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert names == [f"Cơ quan {i:03d}" for i in range(7)]
    assert page == 3
    missing = client.get(url, {"page_size": 3, "page": 9})
    assert (missing.status_code, missing.json()["detail"]) == (404, "Trang này không tồn tại.")


def test_etag_and_last_modified_answer_304_until_a_change():
    client, province, _bloc = build(2)
    url = reverse("api:agencies")
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # A change: a new agency. The old ETag gets the new body, and so does the old date.
    AgencyFactory(province=province, name="Cơ quan mới")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Cơ quan mới" in [a["name"] for a in changed.json()["results"]]


def test_submissions_list_a_bloc_total_with_no_agency():
    client, province, bloc = build(1)
    period = award_builders.period(province, year=2023)
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=[m.agency for m in bloc.memberships.filter(year=2022)])
    award_services.save_submission(
        bloc=bloc, period=period, rows=[award_builders.row(collectives=3)], version=0, actor=None
    )
    response = client.get(reverse("api:submissions"), {"year": 2023})
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["agency"], row["agency_name"], row["bloc"]) == (None, None, bloc.pk)
