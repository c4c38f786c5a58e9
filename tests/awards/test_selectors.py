import datetime

import pytest
from django.http import Http404

from awards import selectors, services
from awards.models import ReportingPeriod, Submission
from blocs import services as bloc_services
from tests.awards.factories import period, row, save
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _fill(world):
    a, p = world["agencies"], world["period"]
    save(
        a[0],
        p,
        [
            row(collectives=10, individuals=20),
            row("bang-khen-bo-tinh", authority="Chủ tịch UBND tỉnh", status="proposed", collectives=1),
        ],
    )
    save(a[1], p, [row(individuals=5), row("cstd-co-so", individuals=2)], submit=True)
    sub = save(a[3], p, [row(collectives=3)], submit=True)
    services.accept_submission(submission=sub, actor=world["ha"])
    sub = save(a[4], p, [row(individuals=1)], submit=True)
    services.return_submission(submission=sub, actor=world["ha"], reason="Thiếu số quyết định")


def test_level_totals(world):
    _fill(world)
    sub = Submission.objects.get(agency=world["agencies"][0])
    levels, total = selectors.level_totals(sub)
    by_level = {lt.level: lt for lt in levels}
    assert [lt.level for lt in levels] == ["state", "ministry_province", "unit", "unstated"]
    assert by_level["unit"].granted == selectors.Totals(10, 20)
    assert by_level["ministry_province"].proposed == selectors.Totals(1, 0)
    assert by_level["state"].granted == selectors.Totals(0, 0)
    assert (total.granted, total.proposed) == (selectors.Totals(10, 20), selectors.Totals(1, 0))


def test_board_statuses_totals_and_deadline(world):
    _fill(world)
    board = selectors.completeness_board(world["period"], today=datetime.date(2022, 7, 20))
    rows = {r.agency.name: r for r in board.rows}
    assert [r.agency.name for r in board.rows] == ["Cơ quan A", "Cơ quan B", "Cơ quan C", "Cơ quan D", "Cơ quan E"]
    assert {n: r.state for n, r in rows.items()} == {
        "Cơ quan A": "draft",
        "Cơ quan B": "submitted",
        "Cơ quan C": "not_started",
        "Cơ quan D": "accepted",
        "Cơ quan E": "returned",
    }
    assert (board.submitted, board.total) == (2, 5)
    assert board.state_counts == {"not_started": 1, "draft": 1, "submitted": 1, "returned": 1, "accepted": 1}
    assert rows["Cơ quan A"].granted == selectors.Totals(10, 20)
    assert rows["Cơ quan A"].proposed == selectors.Totals(1, 0)
    assert rows["Cơ quan E"].return_reason == "Thiếu số quyết định"
    assert rows["Cơ quan C"].last_change is None
    assert rows["Cơ quan C"].days_to_deadline == -5 and rows["Cơ quan C"].is_late
    assert not rows["Cơ quan B"].is_late
    assert board.granted == selectors.Totals(13, 28)
    assert [b.name for b in board.blocs] == ["Khối Nội chính", "Khối Kinh tế"]


def test_board_filter_and_scope(world):
    _fill(world)
    board = selectors.completeness_board(world["period"], selected_bloc_id=world["bloc2"].id)
    assert [r.agency.name for r in board.rows] == ["Cơ quan D", "Cơ quan E"]
    assert (board.submitted, board.total) == (1, 2)
    assert len(board.blocs) == 2  # the filter still offers every bloc
    scoped = selectors.completeness_board(world["period"], bloc_ids=[world["bloc1"].id])
    assert [r.agency.name for r in scoped.rows] == ["Cơ quan A", "Cơ quan B", "Cơ quan C"]
    assert [b.name for b in scoped.blocs] == ["Khối Nội chính"]


def test_board_uses_roster_of_the_period_year(world):
    p2023 = period(world["province"], year=2023)
    assert selectors.completeness_board(p2023).rows == []


def test_pending_agencies(world):
    _fill(world)
    assert [a.name for a in selectors.pending_agencies(world["period"])] == ["Cơ quan A", "Cơ quan C", "Cơ quan E"]


@pytest.mark.parametrize(
    ("who", "agency_index", "visible"),
    [
        ("officer", 2, True),
        ("officer", 1, False),  # another agency of the same bloc
        ("leader_officer", 2, True),  # leader of bloc 1 sees its members
        ("leader_officer", 3, False),  # but not bloc 2
        ("officer_other_bloc", 3, False),  # a member (not leader) of bloc 2
        ("ha", 4, True),
        ("admin", 4, True),
    ],
)
def test_slot_visibility(world, who, agency_index, visible):
    user, agency = world[who], world["agencies"][agency_index]
    if visible:
        slot = selectors.slot_for_user(user, world["period"].pk, agency.pk)
        assert slot.agency == agency and slot.state == "not_started" and slot.version == 0
    else:
        with pytest.raises(Http404):
            selectors.slot_for_user(user, world["period"].pk, agency.pk)


@pytest.mark.parametrize("who", ["ha_other", "officer_other_province"])
def test_slot_of_another_province_is_404(world, who):
    with pytest.raises(Http404):
        selectors.slot_for_user(world[who], world["period"].pk, world["agencies"][2].pk)


def test_leader_sees_members_only_in_the_year_it_leads(world):
    a = world["agencies"]
    bloc_services.set_roster(bloc=world["bloc1"], year=2023, agencies=a[:3], leader=a[1])
    p2023 = period(world["province"], year=2023)
    with pytest.raises(Http404):
        selectors.slot_for_user(world["leader_officer"], p2023.pk, a[2].pk)
    assert selectors.slot_for_user(world["officer_same_bloc"], p2023.pk, a[2].pk).agency == a[2]


def test_can_review(world):
    a, p = world["agencies"], world["period"]
    sub_member = save(a[2], p, [row(collectives=1)], submit=True)
    sub_leader = save(a[0], p, [row(collectives=1)], submit=True)
    assert selectors.can_review(world["leader_officer"], sub_member)
    assert not selectors.can_review(world["leader_officer"], sub_leader)  # not its own report
    assert not selectors.can_review(world["officer_same_bloc"], sub_member)
    assert selectors.can_review(world["ha"], sub_leader)
    assert not selectors.can_review(world["ha_other"], sub_member)
    assert selectors.can_review(world["admin"], sub_member)


def test_first_half_records_for_full_year(world):
    a = world["agencies"][2]
    save(a, world["period"], [row(collectives=4)])
    full_year = period(world["province"], kind=ReportingPeriod.Kind.YEAR)
    assert [(r.form.code, r.collectives) for r in selectors.first_half_records(a, full_year)] == [("giay-khen", 4)]
    assert selectors.first_half_records(a, world["period"]) == []


def test_open_periods_for_officer(world):
    save(world["agencies"][2], world["period"], [row(collectives=1)])
    closed = period(world["province"], kind=ReportingPeriod.Kind.YEAR)
    services.close_period(period=closed, actor=None)
    assert [(p.period.pk, p.state) for p in selectors.open_periods_for_officer(world["officer"])] == [
        (world["period"].pk, "draft")
    ]
    assert selectors.open_periods_for_officer(world["ha"]) == []


def test_agency_of_another_province_in_url_is_404(world):
    stranger = AgencyFactory(province=world["other_province"])
    with pytest.raises(Http404):
        selectors.slot_for_user(world["admin"], world["period"].pk, stranger.pk)


def test_open_period_progress_counts_members_sent_waiting_and_late(world):
    a, p = world["agencies"], world["period"]
    save(a[0], p, [row(collectives=1)], submit=True)
    services.accept_submission(submission=save(a[1], p, [row(collectives=1)], submit=True), actor=None)
    save(a[3], p, [row(collectives=1)])  # a draft is not sent
    before = p.deadline - datetime.timedelta(days=3)
    after = p.deadline + datetime.timedelta(days=2)
    [progress] = selectors.open_period_progress(world["ha"], today=before)
    assert (progress.members, progress.submitted, progress.waiting, progress.late, progress.days_left) == (
        5,
        2,
        1,
        0,
        3,
    )
    [late] = selectors.open_period_progress(world["ha"], today=after)
    assert (late.late, late.days_left) == (3, -2)
    [bloc2] = selectors.open_period_progress(world["leader_officer"], bloc=world["bloc2"], today=after)
    assert (bloc2.members, bloc2.submitted, bloc2.waiting, bloc2.late) == (2, 0, 0, 2)


def test_open_period_progress_leaves_out_closed_periods_and_other_provinces(world):
    services.close_period(period=world["period"], actor=None)
    period(world["other_province"])
    assert selectors.open_period_progress(world["ha"]) == []


def test_open_periods_for_officer_gives_the_return_reason(world):
    submission = save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    services.return_submission(submission=submission, actor=world["ha"], reason="Thiếu số quyết định")
    [item] = selectors.open_periods_for_officer(world["officer"])
    assert (item.state, item.return_reason, item.is_due) == ("returned", "Thiếu số quyết định", True)


def test_latest_year_with_data_prefers_a_year_with_reports(world):
    assert selectors.latest_year_with_data(world["ha"]) == 2022
    period(world["province"], year=2024)
    assert selectors.latest_year_with_data(world["ha"]) == 2024
    save(world["agencies"][2], world["period"], [row(collectives=1)])
    assert selectors.latest_year_with_data(world["ha"]) == 2022
    assert selectors.latest_year_with_data(world["ha_other"]) is None
