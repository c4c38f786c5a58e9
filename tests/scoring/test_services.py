"""Scoring services: the table's life (copy, edit, lock), score bounds, the workflow
(draft → submitted → finalised), cross-scoring rules, the covenant and movements."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from blocs.models import Movement
from scoring import services
from scoring.models import AppliedAdjustment, Covenant, Criterion, Pledge, Score, ScoreSheet, ScoringTable
from tests.scoring.factories import build_table, entries, self_score_and_submit

pytestmark = pytest.mark.django_db
D = Decimal


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code for e in errors] for name, errors in exc.error_dict.items()}


def _scores():
    return sorted(Score.objects.values_list("agency_id", "criterion_id", "kind", "scorer_id", "points"))


# --- The table ----------------------------------------------------------------------------


def test_create_table_copies_previous_year_structure_and_method(world):
    old = build_table(world.bloc, year=2021, method=ScoringTable.Method.CROSS_AVERAGE)
    table = services.create_table(bloc=world.bloc, year=2022)
    assert table.copied_from == old.table
    assert table.method == "cross_average"
    assert [g.name for g in table.groups.all()] == [
        "I. Thực hiện nhiệm vụ chính trị, chuyên môn",
        "II. Công tác thi đua, khen thưởng",
    ]
    assert sorted(Criterion.objects.filter(group__table=table).values_list("name", "max_points")) == [
        ("Hoàn thành chỉ tiêu nghiệp vụ", D("10.00")),
        ("Thực hiện chế độ báo cáo", D("5.00")),
        ("Xây dựng cơ quan vững mạnh", D("20.00")),
    ]
    assert sorted(table.adjustment_items.values_list("kind", "name", "points", "rule")) == [
        ("bonus", "Được tặng Cờ thi đua", D("2.00"), "+2 điểm mỗi Cờ thi đua"),
        ("penalty", "Nộp báo cáo chậm", D("1.50"), "−1,5 điểm mỗi lần chậm"),
    ]
    # Editing the copy leaves last year's table alone.
    copy = Criterion.objects.get(group__table=table, name="Hoàn thành chỉ tiêu nghiệp vụ")
    services.save_criterion(table=table, group=copy.group, criterion=copy, name="Chỉ tiêu mới", max_points=D(12))
    old.c1.refresh_from_db()
    assert (old.c1.name, old.c1.max_points) == ("Hoàn thành chỉ tiêu nghiệp vụ", D("10.00"))


def test_create_table_without_previous_is_empty(world):
    table = services.create_table(bloc=world.bloc, year=2022)
    assert table.copied_from is None and not table.groups.exists() and table.method == "leader"
    assert table.title == "Bảng chấm điểm năm 2022"


def test_create_table_twice_is_refused(world, t):
    with pytest.raises(ValidationError) as exc:
        services.create_table(bloc=world.bloc, year=2022)
    assert exc.value.code == services.ERR_TABLE_EXISTS
    assert ScoringTable.objects.count() == 1


def test_criterion_max_points_must_be_positive(world, t):
    with pytest.raises(ValidationError) as exc:
        services.save_criterion(table=t.table, group=t.c1.group, name="X", max_points=D(0))
    assert "Điểm tối đa phải lớn hơn 0 và không quá 1000." in exc.value.messages
    assert not Criterion.objects.filter(name="X").exists()


def test_table_locked_once_a_score_is_saved(world, t):
    services.save_self_scores(
        table=t.table, agency=world.a, entries=entries(t, 1, None, None), user=world.users["officer_a"]
    )
    before = list(Criterion.objects.values_list("id", "name", "max_points"))
    calls = [
        lambda: services.save_criterion(table=t.table, group=t.c1.group, criterion=t.c1, name="Y", max_points=D(30)),
        lambda: services.save_criterion(table=t.table, group=t.c1.group, name="Z", max_points=D(3)),
        lambda: services.save_group(table=t.table, name="III. Khác"),
        lambda: services.save_adjustment_item(table=t.table, kind="bonus", name="B", points=D(1)),
        lambda: services.delete_table_row(table=t.table, row=t.c3),
        lambda: services.update_table_settings(table=t.table, title="x", method="cross_average"),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.code == services.ERR_TABLE_LOCKED
        assert exc.value.messages == [
            "Việc chấm điểm đã bắt đầu nên bảng tiêu chí đã bị khóa: không thể thay đổi tiêu chí, điểm số và cách chấm."
        ]
    assert list(Criterion.objects.values_list("id", "name", "max_points")) == before
    t.table.refresh_from_db()
    assert t.table.method == "leader"
    # The title is not part of the scale and may still be corrected.
    services.update_table_settings(table=t.table, title="Bảng điểm 2022 (sửa)", method="leader")


def test_delete_group_before_scoring_removes_its_criteria(world, t):
    services.delete_table_row(table=t.table, row=t.c1.group)
    assert list(Criterion.objects.filter(group__table=t.table).values_list("name", flat=True)) == [
        "Thực hiện chế độ báo cáo"
    ]


# --- Bounds -------------------------------------------------------------------------------


@pytest.mark.parametrize("points", ["10.01", "-0.5", "11"])
def test_self_score_outside_bounds_is_an_error_and_nothing_is_written(world, t, points):
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            table=t.table, agency=world.a, entries=entries(t, points, 5, 5), user=world.users["officer_a"]
        )
    assert _codes(exc.value) == {f"points_{t.c1.id}": [services.ERR_OUT_OF_RANGE]}
    assert exc.value.error_dict[f"points_{t.c1.id}"][0].messages == [
        "Điểm của tiêu chí “Hoàn thành chỉ tiêu nghiệp vụ” phải từ 0 đến 10."
    ]
    assert _scores() == []


def test_every_out_of_bounds_criterion_is_reported_at_once(world, t):
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            table=t.table, agency=world.a, entries=entries(t, 12, "20.5", 5), user=world.users["officer_a"]
        )
    assert set(exc.value.error_dict) == {f"points_{t.c1.id}", f"points_{t.c2.id}"}
    assert "Điểm của tiêu chí “Xây dựng cơ quan vững mạnh” phải từ 0 đến 20." in exc.value.messages


def test_self_score_bounds_are_inclusive(world, t):
    services.save_self_scores(table=t.table, agency=world.a, entries=entries(t, 0, 20, "5.00"), user=None)
    assert [p for *_rest, p in _scores()] == [D("0.00"), D("20.00"), D("5.00")]


def test_score_of_a_criterion_of_another_table_is_refused(world, t):
    other = build_table(world.bloc, year=2023)
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            table=t.table, agency=world.a, entries=[services.ScoreEntry(other.c1, D(1))], user=None
        )
    assert _codes(exc.value) == {f"points_{other.c1.id}": [services.ERR_WRONG_TABLE]}


def test_database_refuses_a_negative_score(world, t):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(table=t.table, criterion=t.c1, agency=world.a, kind="self", points=D(-1))


# --- Workflow -----------------------------------------------------------------------------


def test_non_member_cannot_self_score(world, t):
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(table=t.table, agency=world.d, entries=entries(t, 1, 1, 1), user=None)
    assert exc.value.code == services.ERR_NOT_MEMBER
    assert exc.value.messages == ["Sở Tài chính không phải là thành viên của khối năm 2022."]
    assert _scores() == []


def test_submit_requires_every_criterion(world, t):
    user = world.users["officer_a"]
    services.save_self_scores(table=t.table, agency=world.a, entries=entries(t, 8, None, 5), user=user)
    with pytest.raises(ValidationError) as exc:
        services.submit_sheet(table=t.table, agency=world.a, user=user)
    assert exc.value.code == services.ERR_SHEET_INCOMPLETE
    assert exc.value.messages == ["Hãy chấm đủ các tiêu chí trước khi gửi. Chưa chấm: Xây dựng cơ quan vững mạnh."]
    assert ScoreSheet.objects.get(agency=world.a).state == "draft"


def test_submitted_self_score_is_read_only_until_returned(world, t):
    user = world.users["officer_a"]
    self_score_and_submit(t, world.a, user)
    sheet = ScoreSheet.objects.get(agency=world.a)
    assert (sheet.state, sheet.submitted_by) == ("submitted", user)
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(table=t.table, agency=world.a, entries=entries(t, 10, 20, 5), user=user)
    assert exc.value.code == services.ERR_SHEET_SUBMITTED
    assert sorted(Score.objects.filter(kind="self").values_list("points", flat=True)) == [D(5), D(8), D(15)]
    services.return_sheet(table=t.table, agency=world.a)
    services.save_self_scores(table=t.table, agency=world.a, entries=entries(t, 10, 20, 5), user=user)
    assert sorted(Score.objects.filter(kind="self").values_list("points", flat=True)) == [D(5), D(10), D(20)]


def test_bloc_score_needs_the_submitted_self_assessment(world, t):
    with pytest.raises(ValidationError) as exc:
        services.save_bloc_scores(table=t.table, agency=world.b, entries=entries(t, 1, 1, 1), user=None)
    assert exc.value.code == services.ERR_SHEET_NOT_SUBMITTED
    assert exc.value.messages == ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh chưa gửi bản tự chấm điểm."]


def test_bloc_score_out_of_bounds_and_bad_quantity_write_nothing(world, t):
    self_score_and_submit(t, world.b, world.users["officer_b"])
    before = _scores()
    with pytest.raises(ValidationError) as exc:
        services.save_bloc_scores(
            table=t.table,
            agency=world.b,
            entries=entries(t, 9, 21, 5),
            adjustments={t.bonus: (101, "")},
            user=world.users["officer_a"],
        )
    assert _codes(exc.value) == {f"points_{t.c2.id}": [services.ERR_OUT_OF_RANGE]}
    assert _scores() == before and not AppliedAdjustment.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.save_bloc_scores(
            table=t.table, agency=world.b, entries=entries(t, 9, 19, 5), adjustments={t.bonus: (101, "")}, user=None
        )
    assert _codes(exc.value) == {f"quantity_{t.bonus.id}": [services.ERR_QUANTITY]}
    assert _scores() == before


def test_adjustment_quantity_zero_removes_the_item(world, t):
    self_score_and_submit(t, world.b, world.users["officer_b"])
    services.save_bloc_scores(table=t.table, agency=world.b, adjustments={t.penalty: (2, "Chậm 2 lần")}, user=None)
    assert list(AppliedAdjustment.objects.values_list("item__name", "quantity", "note")) == [
        ("Nộp báo cáo chậm", 2, "Chậm 2 lần")
    ]
    services.save_bloc_scores(table=t.table, agency=world.b, adjustments={t.penalty: (0, "")}, user=None)
    assert not AppliedAdjustment.objects.exists()


def test_leader_method_refuses_cross_scores(world, t):
    self_score_and_submit(t, world.b, world.users["officer_b"])
    with pytest.raises(ValidationError) as exc:
        services.save_cross_scores(
            table=t.table, scorer=world.a, agency=world.b, entries=entries(t, 1, 1, 1), user=None
        )
    assert exc.value.code == services.ERR_WRONG_METHOD


def test_cross_method_refuses_leader_criterion_scores_but_takes_adjustments(world):
    t = build_table(world.bloc, method=ScoringTable.Method.CROSS_AVERAGE)
    self_score_and_submit(t, world.b, world.users["officer_b"])
    with pytest.raises(ValidationError) as exc:
        services.save_bloc_scores(table=t.table, agency=world.b, entries=entries(t, 1, 1, 1), user=None)
    assert exc.value.code == services.ERR_WRONG_METHOD
    services.save_bloc_scores(table=t.table, agency=world.b, adjustments={t.bonus: (1, "")}, user=None)
    assert AppliedAdjustment.objects.count() == 1


def test_member_cannot_cross_score_itself(world):
    t = build_table(world.bloc, method=ScoringTable.Method.CROSS_AVERAGE)
    self_score_and_submit(t, world.a, world.users["officer_a"])
    with pytest.raises(ValidationError) as exc:
        services.save_cross_scores(
            table=t.table, scorer=world.a, agency=world.a, entries=entries(t, 1, 1, 1), user=None
        )
    assert exc.value.code == services.ERR_SELF_CROSS
    assert exc.value.messages == ["Thành viên không được chấm chéo cho chính mình."]
    assert not Score.objects.filter(kind="cross").exists()
    # The database holds the same rule.
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(table=t.table, criterion=t.c1, agency=world.a, kind="cross", scorer=world.a, points=1)


def test_non_member_cannot_cross_score(world):
    t = build_table(world.bloc, method=ScoringTable.Method.CROSS_AVERAGE)
    self_score_and_submit(t, world.a, world.users["officer_a"])
    with pytest.raises(ValidationError) as exc:
        services.save_cross_scores(
            table=t.table, scorer=world.d, agency=world.a, entries=entries(t, 1, 1, 1), user=None
        )
    assert exc.value.code == services.ERR_NOT_MEMBER


def test_finalise_lists_what_is_missing(world, t):
    self_score_and_submit(t, world.a, world.users["officer_a"])
    services.save_bloc_scores(table=t.table, agency=world.a, entries=entries(t, 8, 15, 5), user=None)
    with pytest.raises(ValidationError) as exc:
        services.finalise(table=t.table, user=world.users["officer_a"])
    assert exc.value.code == services.ERR_NOT_READY
    assert exc.value.messages == [
        "Chưa gửi bản tự chấm điểm: Bộ Chỉ huy Bộ đội Biên phòng tỉnh; Công an tỉnh. "
        "Khối chưa chấm đủ các tiêu chí cho: Bộ Chỉ huy Bộ đội Biên phòng tỉnh; Công an tỉnh."
    ]
    t.table.refresh_from_db()
    assert t.table.finalised_at is None


def _score_everyone(world, t):
    for agency, user in [(world.a, "officer_a"), (world.b, "officer_b"), (world.c, "officer_c")]:
        self_score_and_submit(t, agency, world.users[user])
        services.save_bloc_scores(table=t.table, agency=agency, entries=entries(t, 8, 15, 5), user=None)


def test_finalised_scores_are_read_only(world, t):
    _score_everyone(world, t)
    leader = world.users["officer_a"]
    services.finalise(table=t.table, user=leader)
    t.table.refresh_from_db()
    assert t.table.finalised_by == leader and t.table.is_finalised
    assert set(ScoreSheet.objects.values_list("state", flat=True)) == {"finalised"}
    before = _scores()
    writes = [
        lambda: services.save_self_scores(table=t.table, agency=world.a, entries=entries(t, 1, 1, 1), user=leader),
        lambda: services.save_bloc_scores(table=t.table, agency=world.a, entries=entries(t, 1, 1, 1), user=leader),
        lambda: services.save_bloc_scores(table=t.table, agency=world.a, adjustments={t.bonus: (1, "")}, user=None),
        lambda: services.return_sheet(table=t.table, agency=world.a),
        lambda: services.finalise(table=t.table, user=leader),
        lambda: services.update_table_settings(table=t.table, title="x", method="leader"),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as exc:
            write()
        assert exc.value.code == services.ERR_FINALISED
        assert exc.value.messages == ["Kết quả chấm điểm năm 2022 đã được chốt, chỉ có thể xem."]
    assert _scores() == before and not AppliedAdjustment.objects.exists()


def test_every_change_before_finalisation_is_in_the_history(world, t):
    user = world.users["officer_a"]
    services.save_self_scores(
        table=t.table, agency=world.a, entries=entries(t, 8, None, None, "Báo cáo số 1"), user=user
    )
    services.save_self_scores(
        table=t.table, agency=world.a, entries=entries(t, 9, None, None, "Báo cáo số 2"), user=user
    )
    services.save_self_scores(
        table=t.table, agency=world.a, entries=entries(t, 9, None, None, "Báo cáo số 2"), user=user
    )
    history = list(
        Score.history.order_by("history_date").values_list("history_type", "points", "evidence", "history_user")
    )
    assert history == [
        ("+", D("8.00"), "Báo cáo số 1", user.id),
        ("~", D("9.00"), "Báo cáo số 2", user.id),
    ]


# --- Covenant and movements ---------------------------------------------------------------


def test_pledge_by_a_non_member_is_refused(world):
    covenant = services.save_covenant(bloc=world.bloc, year=2022, title="Giao ước thi đua năm 2022")
    with pytest.raises(ValidationError) as exc:
        services.record_pledge(
            covenant=covenant, agency=world.d, signed_on=datetime.date(2022, 3, 1), signatory_name="Nguyễn Văn A"
        )
    assert exc.value.code == services.ERR_NOT_MEMBER
    assert not Pledge.objects.exists()


def test_pledge_recorded_once_then_corrected(world):
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    services.record_pledge(
        covenant=covenant, agency=world.a, signed_on=datetime.date(2022, 3, 1), signatory_name="Nguyễn Văn A"
    )
    services.record_pledge(
        covenant=covenant,
        agency=world.a,
        signed_on=datetime.date(2022, 3, 2),
        signatory_name="Nguyễn Văn B",
        signatory_title="Cục trưởng",
    )
    assert list(Pledge.objects.values_list("signed_on", "signatory_name", "signatory_title")) == [
        (datetime.date(2022, 3, 2), "Nguyễn Văn B", "Cục trưởng")
    ]
    assert Covenant.objects.count() == 1


def test_target_value_cannot_be_negative(world):
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    with pytest.raises(ValidationError):
        services.save_target(covenant=covenant, text="Tỷ lệ giải quyết án", target_value=D(-1), unit="%")
    assert not covenant.targets.exists()


def test_movement_launch_date_must_be_in_the_bloc_year(world):
    movement = Movement(
        province=world.province, bloc=world.bloc, name="Hội thao", launch_date=datetime.date(2023, 8, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.save_movement(movement=movement, year=2022)
    assert _codes(exc.value) == {"launch_date": [services.ERR_NOT_IN_YEAR]}
    assert not Movement.objects.exists()


def test_movement_end_before_launch_is_an_error(world):
    movement = Movement(
        province=world.province,
        name="Hội thao",
        launch_date=datetime.date(2022, 8, 1),
        end_date=datetime.date(2022, 7, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.save_movement(movement=movement)
    assert "Ngày kết thúc không được trước ngày phát động." in exc.value.messages
    assert not Movement.objects.exists()
