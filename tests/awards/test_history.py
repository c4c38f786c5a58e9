"""The history tab of an award report: who changed what and when, field by field, in Vietnamese;
the same readers as the report; a fixed number of queries."""

import pytest
from django.urls import reverse

from awards.models import AwardForm, AwardRecord, Submission
from tests.awards.factories import grid_post, row, save
from tests.factories import officer

pytestmark = pytest.mark.django_db


def _history_url(submission):
    return reverse("awards:history", args=[submission.pk])


def _grid_url(world):
    return reverse("awards:grid", args=[world["period"].pk, world["agencies"][2].pk])


@pytest.fixture
def report(client, world):
    """A2's officer (Trần Văn Bình) saves a draft and changes it through the grid; Home Affairs
    (Lan) returns it with a reason."""
    author = officer(world["agencies"][2], first_name="Bình", last_name="Trần Văn")
    client.force_login(author)
    giay_khen = AwardForm.objects.get(code="giay-khen").pk
    first = {"form": giay_khen, "authority": "Giám đốc", "collectives": 2, "individuals": 5}
    assert client.post(_grid_url(world), grid_post([first])).status_code == 302
    changed = {**first, "collectives": 3}
    assert client.post(_grid_url(world), grid_post([changed], version=1, initial=1, action="submit")).status_code == 302
    submission = Submission.objects.get()
    world["ha"].first_name, world["ha"].last_name = "Lan", "Nguyễn Thị"
    world["ha"].save()
    client.force_login(world["ha"])
    response = client.post(reverse("awards:return", args=[submission.pk]), {"reason": "Thiếu số quyết định"})
    assert response.status_code == 302
    return submission


def test_history_names_who_and_shows_field_changes_in_vietnamese(client, world, report):
    client.force_login(world["officer"])
    response = client.get(_history_url(report))
    assert response.status_code == 200
    entries = response.context["entries"]
    change = next(e for e in entries if e.action == "Sửa" and e.object_label == "Được tặng — Giấy khen")
    assert change.user == "Bình Trần Văn"
    assert [(c.field, c.old, c.new) for c in change.changes] == [("Số tập thể", "2", "3")]
    created = next(e for e in entries if e.action == "Tạo mới" and e.object_label == "Được tặng — Giấy khen")
    assert ("Số cá nhân", "—", "5") in [(c.field, c.old, c.new) for c in created.changes]
    returned = entries[0]  # newest first
    assert (returned.action, returned.user, returned.reason) == (
        "Chuyển trạng thái",
        "Lan Nguyễn Thị",
        "Thiếu số quyết định",
    )
    assert [(c.field, c.old, c.new) for c in returned.changes] == [("Trạng thái", "Đã nộp", "Trả lại")]
    html = response.content.decode()
    assert "Lịch sử thay đổi báo cáo khen thưởng của Cơ quan C" in html
    assert "Thiếu số quyết định" in html
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_history_records_the_user_outside_a_request(client, world):
    """Services name the actor in the history, e.g. for `import_counts` run from a shell."""
    submission = save(world["agencies"][2], world["period"], [row(collectives=1)], actor=world["leader_officer"])
    assert {h.history_user for h in AwardRecord.history.all()} == {world["leader_officer"]}
    assert {h.history_user for h in submission.history.all()} == {world["leader_officer"]}


def test_grid_links_to_the_history_tab(client, world, report):
    client.force_login(world["officer"])
    html = client.get(_grid_url(world)).content.decode()
    assert f'href="{_history_url(report)}"' in html
    assert "Lịch sử" in html


WHO = [
    (None, 302),
    ("officer_other_province", 404),
    ("ha_other", 404),
    ("officer_same_bloc", 404),
    ("officer_other_bloc", 404),
    ("officer", 200),
    ("leader_officer", 200),
    ("ha", 200),
    ("admin", 200),
]


@pytest.mark.parametrize(("who", "expected"), WHO)
def test_history_readers_are_the_reports_readers(client, world, who, expected):
    submission = save(world["agencies"][2], world["period"], [row(collectives=1)])
    user = world.get(who)
    if user is not None:
        client.force_login(user)
    response = client.get(_history_url(submission))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


def test_history_cannot_be_changed_from_the_page(client, world, report):
    """The page only reads: any other method is refused and the history stays as it was."""
    client.force_login(world["admin"])
    before = (Submission.history.count(), AwardRecord.history.count())
    assert client.post(_history_url(report), {"history_id": 1}).status_code == 405
    assert (Submission.history.count(), AwardRecord.history.count()) == before


@pytest.mark.parametrize("n_changes", [1, 20])
def test_history_query_count_does_not_grow_with_changes(client, world, django_assert_num_queries, n_changes):
    agency = world["agencies"][2]
    for i in range(n_changes):
        submission = save(agency, world["period"], [row(collectives=i + 1), row("cstd-co-so", individuals=i + 1)])
    client.force_login(world["officer"])
    # session, user, submission (with agency and period), the user's agency, lineage, the
    # report's history, its records' history, their award forms, events, the header's province
    with django_assert_num_queries(10):
        response = client.get(_history_url(submission))
    assert len(response.context["entries"]) >= n_changes
