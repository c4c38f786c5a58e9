"""The history tab of a bloc-year's scoring: who changed the covenant, the table, the sheets and
the scores, when and what, field by field in Vietnamese; members see the shared structure and
only the rows concerning their own agency."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from blocs.access import bloc_access
from scoring import selectors, services
from scoring.models import AppliedAdjustment, Criterion, Score, ScoringTable
from tests.postdata import with_version
from tests.scoring.factories import build_table, entries, self_score_and_submit

pytestmark = pytest.mark.django_db
D = Decimal

TABLE = "Bảng tiêu chí chấm điểm"
COVENANT = "Giao ước thi đua"
C1 = "Hoàn thành chỉ tiêu nghiệp vụ trong năm"


def record_history(below):
    """2022 (A leads, the leader scores): A's officer renames C1 and raises its maximum through
    the page; a covenant with a target and the pledges of B and C; C self-scores through the
    page, corrects one score and submits; B self-scores and submits; A's officer scores both
    and gives C a bonus, then changes it. The pages are driven by a client of its own."""
    world, t = below["world"], below["t"]
    users = world.users
    client = Client()
    client.force_login(users["officer_a"])
    response = client.post(
        reverse("scoring:criterion_edit", args=[world.bloc.pk, 2022, t.c1.pk]),
        with_version(
            client,
            reverse("scoring:criterion_edit", args=[world.bloc.pk, 2022, t.c1.pk]),
            {"group": t.c1.group_id, "position": 0, "name": C1, "max_points": "12", "auto_source": ""},
        ),
    )
    assert response.status_code == 302
    covenant = services.save_covenant(bloc=world.bloc, year=2022, title="Giao ước thi đua năm 2022")
    services.save_target(covenant=covenant, text="Không có cán bộ vi phạm kỷ luật")
    for agency, name in ((world.b, "Trần Văn Bình"), (world.c, "Lê Thị Cúc")):
        services.record_pledge(
            covenant=covenant, agency=agency, signed_on=datetime.date(2022, 2, 1), signatory_name=name
        )

    client.force_login(users["officer_c"])
    url = reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk])
    points = {f"points_{t.c1.id}": "8", f"points_{t.c2.id}": "15", f"points_{t.c3.id}": "5"}
    assert client.post(url, with_version(client, url, points)).status_code == 302
    assert client.post(url, with_version(client, url, {**points, f"points_{t.c2.id}": "16,5"})).status_code == 302
    services.submit_sheet(table=t.table, agency=world.c, user=users["officer_c"])
    self_score_and_submit(t, world.b, users["officer_b"], (9, 18, 5))

    leader = users["officer_a"]
    for agency in (world.b, world.c):
        services.save_bloc_scores(table=t.table, agency=agency, entries=entries(t, 7, 14, 4), user=leader)
    services.save_bloc_scores(table=t.table, agency=world.c, adjustments={t.bonus: (1, "")}, user=leader)
    services.save_bloc_scores(table=t.table, agency=world.c, adjustments={t.bonus: (2, "Hai Cờ thi đua")}, user=leader)
    client.logout()
    return t


# The fixture `hist`, built once per module on the world and its table (tests/scoring/conftest.py).
MODULE_LAYERS = [("hist", record_history)]


@pytest.fixture
def hist(_objects):
    """The table `t` after the changes of `record_history`."""
    return _objects["hist"]


def _entries(client, world, who, year=2022):
    client.force_login(world.users[who])
    response = client.get(reverse("scoring:history", args=[world.bloc.pk, year]))
    assert response.status_code == 200
    return response, response.context["entries"]


def _changes(entry):
    return [(c.field, c.old, c.new) for c in entry.changes]


def _one(entries, label, action="Sửa"):
    found = [e for e in entries if e.object_label == label and e.action == action]
    assert len(found) == 1, [(e.object_label, e.action) for e in entries]
    return found[0]


def test_history_shows_who_when_and_field_changes_in_vietnamese(client, world, hist):
    response, entries = _entries(client, world, "ha")
    officer_a, officer_c = world.users["officer_a"], world.users["officer_c"]

    renamed = _one(entries, f"Tiêu chí: {C1}")
    assert renamed.user == (officer_a.get_full_name() or officer_a.username)
    assert _changes(renamed) == [
        ("Tiêu chí", "Hoàn thành chỉ tiêu nghiệp vụ", C1),
        ("Điểm tối đa", "10", "12"),
    ]
    corrected = _one(entries, "Điểm: Công an tỉnh (Tự chấm) — Xây dựng cơ quan vững mạnh")
    assert corrected.user == (officer_c.get_full_name() or officer_c.username)
    assert _changes(corrected) == [("Điểm", "15", "16,5")]
    created = _one(entries, f"Điểm: Công an tỉnh (Trưởng khối chấm) — {C1}", action="Tạo mới")
    assert _changes(created) == [("Tiêu chí", "—", C1), ("Điểm", "—", "7")]
    submitted = _one(entries, "Bản tự chấm điểm: Công an tỉnh")
    assert ("Trạng thái", "Dự thảo", "Đã gửi") in _changes(submitted)
    bonus = _one(entries, "Điểm cộng, trừ đã áp dụng: Công an tỉnh — Được tặng Cờ thi đua")
    assert _changes(bonus) == [("Số lần", "1", "2"), ("Căn cứ", "—", "Hai Cờ thi đua")]
    assert _one(entries, COVENANT)  # its title, set after the creation by save_covenant
    assert _one(entries, TABLE, action="Tạo mới").user == "hệ thống"  # built outside a request
    assert _one(entries, "Bản đăng ký giao ước: Bộ Chỉ huy Bộ đội Biên phòng tỉnh", action="Tạo mới")
    assert _one(entries, "Chỉ tiêu giao ước: Không có cán bộ vi phạm kỷ luật", action="Tạo mới")
    assert _one(entries, "Nhóm tiêu chí: II. Công tác thi đua, khen thưởng", action="Tạo mới")
    assert _one(entries, "Nội dung cộng, trừ điểm: Nộp báo cáo chậm", action="Tạo mới")
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)

    html = response.content.decode()
    assert "Lịch sử thay đổi hồ sơ thi đua năm 2022" in html
    assert '15</span> → <span class="text-success">16,5' in html
    assert 'data-testid="tab-history"' in html and "Lịch sử</a>" in html


def test_removed_rows_and_the_finalisation_are_recorded(client, world, t):
    services.delete_table_row(table=t.table, row=t.c3)
    for agency, user in ((world.a, "officer_a"), (world.b, "officer_b"), (world.c, "officer_c")):
        services.save_self_scores(
            table=t.table, agency=agency, entries=entries(t, 8, 15, None)[:2], user=world.users[user]
        )
        services.submit_sheet(table=t.table, agency=agency, user=world.users[user])
        services.save_bloc_scores(
            table=t.table, agency=agency, entries=entries(t, 7, 14, None)[:2], user=world.users["ha"]
        )
    services.finalise(table=t.table, user=world.users["ha"])

    _response, entries_ = _entries(client, world, "officer_a")
    assert _one(entries_, "Tiêu chí: Thực hiện chế độ báo cáo", action="Xóa").changes == []
    finalised = _one(entries_, TABLE)
    assert finalised.user == (world.users["ha"].get_full_name() or world.users["ha"].username)
    assert [c.field for c in finalised.changes] == ["Thời điểm chốt"]
    sheet = [_changes(e) for e in entries_ if e.object_label == "Bản tự chấm điểm: Công an tỉnh"]
    assert sheet[0] == [("Trạng thái", "Đã gửi", "Đã chốt")]  # newest first
    assert sheet[1][0] == ("Trạng thái", "Dự thảo", "Đã gửi")


def test_member_officer_sees_the_structure_and_only_its_own_rows(client, world, hist):
    _response, entries = _entries(client, world, "officer_c")
    labels = {e.object_label for e in entries}
    assert {TABLE, COVENANT, f"Tiêu chí: {C1}", "Chỉ tiêu giao ước: Không có cán bộ vi phạm kỷ luật"} <= labels
    own = {label for label in labels if "Công an tỉnh" in label}
    assert own == {
        "Bản đăng ký giao ước: Công an tỉnh",
        "Bản tự chấm điểm: Công an tỉnh",
        *(f"Điểm: Công an tỉnh ({kind}) — {c}" for kind in ("Tự chấm", "Trưởng khối chấm") for c in _criteria(hist)),
        "Điểm cộng, trừ đã áp dụng: Công an tỉnh — Được tặng Cờ thi đua",
    }
    # Nothing of B: its pledge, its sheet and its scores are B's and the managers'.
    assert not [label for label in labels if "Biên phòng" in label]


def _criteria(t):
    return [c.name for c in Criterion.objects.filter(group__table=t.table).order_by("id")]


def test_member_sees_cross_scores_given_to_it_or_by_it(client, world):
    t = build_table(world.bloc, year=2023, method=ScoringTable.Method.CROSS_AVERAGE)  # B leads in 2023
    for agency, user in ((world.a, "officer_a"), (world.b, "officer_b")):
        self_score_and_submit(t, agency, world.users[user])
    services.save_cross_scores(
        table=t.table, scorer=world.c, agency=world.a, entries=entries(t, 6, None, None), user=world.users["officer_c"]
    )
    services.save_cross_scores(
        table=t.table, scorer=world.b, agency=world.a, entries=entries(t, 9, None, None), user=world.users["officer_b"]
    )
    c1 = "Hoàn thành chỉ tiêu nghiệp vụ"
    by_c = f"Điểm: Cục Thi hành án dân sự tỉnh (Công an tỉnh chấm chéo) — {c1}"
    by_b = f"Điểm: Cục Thi hành án dân sự tỉnh (Bộ Chỉ huy Bộ đội Biên phòng tỉnh chấm chéo) — {c1}"
    labels = {e.object_label for e in _entries(client, world, "officer_c", 2023)[1]}
    assert by_c in labels and by_b not in labels
    assert not [label for label in labels if label.startswith("Bản tự chấm điểm")]
    labels = {e.object_label for e in _entries(client, world, "officer_a", 2023)[1]}  # a plain member in 2023
    assert {by_c, by_b, "Bản tự chấm điểm: Cục Thi hành án dân sự tỉnh"} <= labels
    assert "Bản tự chấm điểm: Bộ Chỉ huy Bộ đội Biên phòng tỉnh" not in labels
    labels = {e.object_label for e in _entries(client, world, "officer_b", 2023)[1]}  # the leader of 2023
    assert {by_c, by_b, "Bản tự chấm điểm: Bộ Chỉ huy Bộ đội Biên phòng tỉnh"} <= labels


@pytest.mark.parametrize("who", ["officer_a", "ha", "admin"])
def test_leader_home_affairs_and_admin_see_everything(client, world, hist, who):
    _response, entries = _entries(client, world, who)
    labels = {e.object_label for e in entries}
    for agency in ("Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"):
        assert {
            f"Bản đăng ký giao ước: {agency}",
            f"Bản tự chấm điểm: {agency}",
            f"Điểm: {agency} (Tự chấm) — {C1}",
            f"Điểm: {agency} (Trưởng khối chấm) — {C1}",
        } <= labels
    assert {TABLE, COVENANT, "Điểm cộng, trừ đã áp dụng: Công an tỉnh — Được tặng Cờ thi đua"} <= labels


def test_history_matches_the_selector(client, world, hist):
    _response, entries = _entries(client, world, "officer_b")
    ctx = bloc_access(world.users["officer_b"], world.bloc.pk, 2022, with_roster=True)
    assert [(e.object_label, e.action) for e in selectors.scoring_history(world.users["officer_b"], ctx)] == [
        (e.object_label, e.action) for e in entries
    ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_d", 404),  # an agency of the province, not a member of the bloc in 2022
        ("officer_other", 404),
        ("ha_other", 404),
    ],
)
def test_history_is_hidden_from_those_outside_the_bloc_year(client, world, hist, who, expected):
    if who is not None:
        client.force_login(world.users[who])
    response = client.get(reverse("scoring:history", args=[world.bloc.pk, 2022]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_history_tab_is_shown_to_members_only(client, world, t):
    url = reverse("scoring:table", args=[world.bloc.pk, 2022])
    client.force_login(world.users["officer_d"])  # not a member: the page would be a 404
    assert 'data-testid="tab-history"' not in client.get(url).content.decode()
    client.force_login(world.users["officer_c"])
    assert f'href="{reverse("scoring:history", args=[world.bloc.pk, 2022])}"' in client.get(url).content.decode()


def test_history_page_only_reads(client, world, hist):
    client.force_login(world.users["admin"])
    before = (Score.history.count(), AppliedAdjustment.history.count(), Criterion.history.count())
    assert client.post(reverse("scoring:history", args=[world.bloc.pk, 2022])).status_code == 405
    assert (Score.history.count(), AppliedAdjustment.history.count(), Criterion.history.count()) == before


def test_history_of_a_year_without_anything_is_empty(client, world):
    response, entries = _entries(client, world, "ha", 2023)
    assert entries == []
    assert "Chưa có thay đổi nào được ghi nhận." in response.content.decode()


@pytest.mark.parametrize("n_changes", [1, 12])
def test_history_query_count_does_not_grow_with_changes(client, world, t, django_assert_num_queries, n_changes):
    users = world.users
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    services.update_table_settings(table=t.table, title="Bảng 2022", method=t.table.method)
    for i in range(n_changes):
        services.save_covenant(bloc=world.bloc, year=2022, title=f"Giao ước {i}")
        services.save_target(covenant=covenant, text=f"Chỉ tiêu {i}")
        services.save_group(table=t.table, name=f"Nhóm {i}")
        services.save_criterion(table=t.table, group=t.c1.group, name=f"Tiêu chí {i}", max_points=D(1))
        services.save_adjustment_item(table=t.table, kind="bonus", name=f"Thưởng {i}", points=D(1))
        services.record_pledge(
            covenant=covenant, agency=world.c, signed_on=datetime.date(2022, 2, 1), signatory_name=f"Người ký {i}"
        )
    criteria = list(Criterion.objects.filter(group__table=t.table))
    for i in range(n_changes):
        services.save_self_scores(
            table=t.table,
            agency=world.c,
            entries=[services.ScoreEntry(c, D(i % 2), f"Minh chứng {i}") for c in criteria],
            user=users["officer_c"],
        )
    services.submit_sheet(table=t.table, agency=world.c, user=users["officer_c"])
    for i in range(n_changes):
        services.save_bloc_scores(
            table=t.table,
            agency=world.c,
            entries=[services.ScoreEntry(c, D(i % 2)) for c in criteria],
            adjustments={t.bonus: (i + 1, ""), t.penalty: (i + 1, "")},
            user=users["officer_a"],
        )
    client.force_login(users["ha"])
    # session, user, lineage, bloc (with province), roster, then one query per history table
    # (covenant, table, groups, scores, adjustments applied, targets, criteria, items, pledges,
    # sheets), the names the differ looks up (the criteria's groups, the pledges' and the sheets'
    # agencies, the scores' criteria, the applied items), the header's province
    with django_assert_num_queries(21):
        response = client.get(reverse("scoring:history", args=[world.bloc.pk, 2022]))
    assert len(response.context["entries"]) > 10 * n_changes


def test_agency_no_longer_on_the_roster_is_still_named(world, hist):
    ctx = bloc_access(world.users["ha"], world.bloc.pk, 2022, with_roster=True)
    ctx.roster = [m for m in ctx.roster if m.agency_id != world.c.id]  # as if C had left the bloc
    labels = {e.object_label for e in selectors.scoring_history(world.users["ha"], ctx)}
    assert f"Điểm: Công an tỉnh (Tự chấm) — {C1}" in labels
    assert "Điểm cộng, trừ đã áp dụng: Công an tỉnh — Được tặng Cờ thi đua" in labels


def test_a_table_copied_from_last_year_has_its_rows_in_the_history(world, t):
    table = services.create_table(bloc=world.bloc, year=2023)
    criteria = Criterion.objects.filter(group__table=table)
    assert criteria.count() == Criterion.objects.filter(group__table=t.table).count() > 0
    created = Criterion.history.filter(history_type="+", id__in=criteria.values("id"))
    assert sorted(created.values_list("name", flat=True)) == sorted(criteria.values_list("name", flat=True))
    items = table.adjustment_items.all()
    assert items.count() == 2
    assert set(type(items.first()).history.filter(history_type="+").values_list("id", flat=True)) >= set(
        items.values_list("id", flat=True)
    )
