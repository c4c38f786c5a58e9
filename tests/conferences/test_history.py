"""The history tab of a conference: who changed the minutes, votes and candidates, when and what,
field by field in Vietnamese; members see only the rows concerning their agency."""

import pytest
from django.test import Client
from django.urls import reverse

from blocs import services as bloc_services
from conferences import services
from conferences.models import Attendance, Candidate, Conference, Vote
from tests.conferences.factories import flag_form
from tests.conferences.test_views import _vote_post, minutes_post
from tests.conftest import module_world
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db


def _as_rendered(data):
    """The page renders the roster as the attendance formset's initial rows."""
    return {**data, "att-INITIAL_FORMS": data["att-TOTAL_FORMS"]}


def build_world():
    """Bloc of A–E in 2022 (A leads) and 2023 (D leads). Home Affairs (Lan) records the annual
    review, then marks C absent and changes the venue; A's officer (Hùng) records a vote and
    changes C's and D's votes (through the pages, with a client of its own)."""
    province = ProvinceFactory(name="Bắc Kạn")
    other_province = ProvinceFactory(name="Bắc Giang")
    bloc = BlocFactory(province=province, name="Khối thi đua Nội chính")
    a = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCDEF"]
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=a[:5], leader=a[0], deputies=[a[1]])
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=a[:5], leader=a[3], deputies=[a[4]])
    ha = home_affairs(province, first_name="Lan", last_name="Nguyễn Thị")
    leader = officer(a[0], first_name="Hùng", last_name="Lê Văn")

    client = Client()
    client.force_login(ha)
    fields = {"kind": "annual", "date": "04/01/2023", "venue": "Hội trường Công an tỉnh"}
    present = [{"agency": x.pk, "attended": "True"} for x in a[:5]]
    url = reverse("conferences:create", args=[bloc.pk, 2022])
    assert (
        client.post(
            url, with_version(client, url, _as_rendered(minutes_post(fields=fields, attendance=present)))
        ).status_code
        == 302
    )
    conference = Conference.objects.get()
    changed = [*present[:2], {"agency": a[2].pk, "attended": "False"}, *present[3:]]  # C absent
    data = _as_rendered(minutes_post(fields={**fields, "venue": "Hội trường Sở Nội vụ"}, attendance=changed))
    assert (
        client.post(
            reverse("conferences:edit", args=[conference.pk]),
            with_version(client, reverse("conferences:edit", args=[conference.pk]), data),
        ).status_code
        == 302
    )
    assert list(conference.attendance.values_list("agency__name", "attended")) == [
        ("Cơ quan A", True),
        ("Cơ quan B", True),
        ("Cơ quan C", False),
        ("Cơ quan D", True),
        ("Cơ quan E", True),
    ]

    client.force_login(leader)
    ballots = {"ballots_issued": 5, "ballots_returned": 5, "ballots_valid": 5, "ballots_invalid": 0}
    data = _vote_post(**ballots, candidates=[{"agency": a[2].pk, "votes": 4}, {"agency": a[3].pk, "votes": 1}])
    assert (
        client.post(
            reverse("conferences:vote_create", args=[conference.pk]),
            with_version(client, reverse("conferences:vote_create", args=[conference.pk]), data),
        ).status_code
        == 302
    )
    vote = Vote.objects.get()
    data = _vote_post(**ballots, candidates=[{"agency": a[2].pk, "votes": 2}, {"agency": a[3].pk, "votes": 3}])
    assert (
        client.post(
            reverse("conferences:vote_edit", args=[conference.pk, vote.pk]),
            with_version(client, reverse("conferences:vote_edit", args=[conference.pk, vote.pk]), data),
        ).status_code
        == 302
    )
    client.logout()
    return {
        "province": province,
        "bloc": bloc,
        "a": a,
        "conference": conference,
        "ha": ha,
        "leader": leader,
        "ha_other": home_affairs(other_province),
        "officer_other_province": officer(AgencyFactory(province=other_province)),
        "outsider": officer(a[5]),
        "admin": admin_user(),
    }


_world, world = module_world(build_world, "conference-history-media")


def _entries(client, user, conference):
    client.force_login(user)
    response = client.get(reverse("conferences:history", args=[conference.pk]))
    assert response.status_code == 200
    return response, response.context["entries"]


def _changes(entry):
    return [(c.field, c.old, c.new) for c in entry.changes]


def test_history_shows_who_when_and_field_changes_in_vietnamese(client, world):
    response, entries = _entries(client, world["ha"], world["conference"])
    absent = [e for e in entries if e.object_label == "Thành phần tham dự: Cơ quan C" and e.action == "Sửa"]
    assert len(absent) == 1
    assert absent[0].user == "Lan Nguyễn Thị"
    assert _changes(absent[0]) == [("Có mặt", "Có mặt", "Vắng mặt")]  # the three-state choices
    # The other members were saved again unchanged: no entry for them after their creation.
    assert not [e for e in entries if e.object_label == "Thành phần tham dự: Cơ quan A" and e.action == "Sửa"]
    venue = next(e for e in entries if e.object_label == "Hội nghị" and e.action == "Sửa")
    assert ("Địa điểm", "Hội trường Công an tỉnh", "Hội trường Sở Nội vụ") in _changes(venue)
    candidate_c = next(
        e for e in entries if e.object_label.endswith("Cơ quan C") and e.action == "Sửa" and "đề cử" in e.object_label
    )
    assert candidate_c.object_label == "Đơn vị được đề cử: Cờ thi đua của UBND tỉnh — Cơ quan C"
    assert candidate_c.user == "Hùng Lê Văn"
    assert _changes(candidate_c) == [("Số phiếu", "4", "2"), ("Được suy tôn / đề nghị", "Có", "Không")]
    assert any(e.object_label == "Cuộc bình xét: Cờ thi đua của UBND tỉnh" and e.action == "Tạo mới" for e in entries)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    html = response.content.decode()
    assert "Lịch sử thay đổi hồ sơ hội nghị" in html and "Hùng Lê Văn" in html


def test_detail_page_links_to_the_history(client, world):
    client.force_login(officer(world["a"][2]))
    html = client.get(world["conference"].get_absolute_url()).content.decode()
    assert f'href="{reverse("conferences:history", args=[world["conference"].pk])}"' in html


def test_member_officer_sees_only_rows_of_its_agency(client, world):
    _response, entries = _entries(client, officer(world["a"][2]), world["conference"])
    labels = {e.object_label for e in entries}
    assert labels == {"Thành phần tham dự: Cơ quan C", "Đơn vị được đề cử: Cờ thi đua của UBND tỉnh — Cơ quan C"}
    # D led in 2023, not in the reviewed year: a plain member here.
    _response, entries = _entries(client, officer(world["a"][3]), world["conference"])
    assert {e.object_label for e in entries} == {
        "Thành phần tham dự: Cơ quan D",
        "Đơn vị được đề cử: Cờ thi đua của UBND tỉnh — Cơ quan D",
    }


@pytest.mark.parametrize("who", ["leader", "ha", "admin"])
def test_leader_home_affairs_and_admin_see_everything(client, world, who):
    _response, entries = _entries(client, world[who], world["conference"])
    labels = {e.object_label for e in entries}
    assert {"Hội nghị", "Thành phần tham dự: Cơ quan A", "Thành phần tham dự: Cơ quan C"} <= labels
    assert "Đơn vị được đề cử: Cờ thi đua của UBND tỉnh — Cơ quan D" in labels


@pytest.mark.parametrize(
    ("who", "expected"), [(None, 302), ("outsider", 404), ("ha_other", 404), ("officer_other_province", 404)]
)
def test_history_is_hidden_from_those_who_cannot_read_the_conference(client, world, who, expected):
    if who is not None:
        client.force_login(world[who])
    assert client.get(reverse("conferences:history", args=[world["conference"].pk])).status_code == expected


def test_history_page_only_reads(client, world):
    client.force_login(world["admin"])
    before = (Attendance.history.count(), Candidate.history.count(), Conference.history.count())
    assert client.post(reverse("conferences:history", args=[world["conference"].pk])).status_code == 405
    assert (Attendance.history.count(), Candidate.history.count(), Conference.history.count()) == before


def test_services_name_the_user_outside_a_request(world):
    services.save_minutes(
        conference=world["conference"], attendance=[{"agency": world["a"][0], "attended": True}], user=world["ha"]
    )
    assert Conference.history.latest("history_id").history_user == world["ha"]
    assert Attendance.history.latest("history_id").history_user == world["ha"]


@pytest.mark.parametrize("n_changes", [0, 15])
def test_history_query_count_does_not_grow_with_changes(client, world, django_assert_num_queries, n_changes):
    conference, a = world["conference"], world["a"]
    vote = Vote.objects.get()
    for i in range(n_changes):
        services.save_minutes(
            conference=conference,
            attendance=[{"agency": x, "attended": (i + n) % 2 == 0} for n, x in enumerate(a[:5])],
            agenda=[f"Nội dung {i}"],
            user=world["ha"],
        )
        services.save_vote(
            conference=conference,
            vote=vote,
            kind="flag",
            award_form=flag_form(),
            authority="UBND tỉnh",
            note=f"Lần {i}",
            candidates=[{"agency": a[2], "votes": None, "won": i % 2 == 0}],
        )
    client.force_login(world["ha"])
    # session, user, lineage, conference (with bloc and province), then one query per history
    # table (votes, attendance, tasks, candidates, conference, guests, agenda, documents,
    # movements, legal bases, attachments, election), the agencies named (attendance,
    # candidates), the award forms, the header's province
    with django_assert_num_queries(20):
        client.get(reverse("conferences:history", args=[conference.pk]))
