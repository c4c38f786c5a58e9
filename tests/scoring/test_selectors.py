"""The ranking arithmetic (bonus, penalty, averages, ties), the automatic criteria computed from
award and conference data, and the pinned query counts of the selectors."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from blocs import services as bloc_services
from blocs.access import BlocAccess
from blocs.text import vn_sort_key
from conferences.models import Attendance, Conference
from scoring import selectors, services
from scoring.models import ScoringTable
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory
from tests.scoring.factories import (
    build_table,
    entries,
    period,
    record,
    self_score_and_submit,
    submission,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _rows(bloc, year=2022):
    return [
        (r.rank, r.agency.name, r.criteria_total, r.bonus, r.penalty, r.total, r.tie_broken)
        for r in selectors.ranking(bloc=bloc, year=year)
    ]


def test_ranking_adds_bonus_and_subtracts_penalty(world, t):
    for agency, user, pts in [
        (world.a, "officer_a", (8, 15, 5)),
        (world.b, "officer_b", (9, 18, "4.5")),
        (world.c, "officer_c", (7, 12, 3)),
    ]:
        self_score_and_submit(t, agency, world.users[user])
        services.save_bloc_scores(table=t.table, agency=agency, entries=entries(t, *pts), user=None)
    services.save_bloc_scores(
        table=t.table, agency=world.a, adjustments={t.bonus: (1, ""), t.penalty: (2, "")}, user=None
    )
    services.save_bloc_scores(table=t.table, agency=world.c, adjustments={t.bonus: (3, "3 Cờ")}, user=None)
    assert _rows(world.bloc) == [
        # B: 9 + 18 + 4.5
        (1, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", D("31.50"), D(0), D(0), D("31.50"), False),
        # C: 7 + 12 + 3, plus 3 × 2 bonus
        (2, "Công an tỉnh", D("22.00"), D("6.00"), D(0), D("28.00"), False),
        # A: 8 + 15 + 5, plus 2 bonus, minus 2 × 1.5 penalty
        (3, "Cục Thi hành án dân sự tỉnh", D("28.00"), D("2.00"), D("3.00"), D("27.00"), False),
    ]
    rows = selectors.ranking(bloc=world.bloc, year=2022)
    assert [r.self_total for r in rows] == [D("28.00"), D("28.00"), D("28.00")]  # all self-scored 8 + 15 + 5
    assert all(r.complete and not r.finalised for r in rows)


def test_cross_average_is_rounded_half_up_per_criterion(world):
    t = build_table(world.bloc, method=ScoringTable.Method.CROSS_AVERAGE)
    for agency, user in [(world.a, "officer_a"), (world.b, "officer_b"), (world.c, "officer_c")]:
        self_score_and_submit(t, agency, world.users[user])
    # A is cross-scored by B and C: c1 (7 + 8.25) / 2 = 7.625 → 7.63; c2 (15 + 16) / 2 = 15.5; c3 (5 + 4) / 2 = 4.5
    services.save_cross_scores(table=t.table, scorer=world.b, agency=world.a, entries=entries(t, 7, 15, 5), user=None)
    services.save_cross_scores(
        table=t.table, scorer=world.c, agency=world.a, entries=entries(t, "8.25", 16, 4), user=None
    )
    # B only by A so far, and only on c1.
    services.save_cross_scores(
        table=t.table, scorer=world.a, agency=world.b, entries=entries(t, 9, None, None), user=None
    )
    rows = {r.agency.name: r for r in selectors.ranking(bloc=world.bloc, year=2022)}
    a, b, c = rows["Cục Thi hành án dân sự tỉnh"], rows["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], rows["Công an tỉnh"]
    assert (a.criteria_total, a.scored_criteria, a.complete) == (D("27.63"), 3, True)
    assert (b.criteria_total, b.scored_criteria, b.complete) == (D("9.00"), 1, False)
    # C, not scored by the bloc at all, is not ranked last on 0 points: it is not ranked
    assert (c.criteria_total, c.scored_criteria, c.rank, c.rank_label) == (D(0), 0, None, "chưa chấm điểm")
    assert [r.rank for r in selectors.ranking(bloc=world.bloc, year=2022)] == [1, 2, None]


def test_ranking_without_any_score_ranks_nobody(client, world):
    build_table(world.bloc)
    rows = selectors.ranking(bloc=world.bloc, year=2022)
    assert [r.rank for r in rows] == [None, None, None]
    assert [r.agency.name for r in rows] == sorted((r.agency.name for r in rows), key=vn_sort_key)
    client.force_login(world.users["ha"])
    html = client.get(reverse("scoring:ranking", args=[world.bloc.pk, 2022])).content.decode()
    assert "Chưa chấm điểm: bảng xếp hạng có khi khối đã chấm điểm các thành viên." in html
    assert html.count(">chưa chấm điểm<") == 3 and "<sup" not in html


def test_ties_are_broken_by_criteria_then_penalty_then_vietnamese_name():
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    # Plain code-point order would put "Viện…" before "Ủy ban…"; Vietnamese order does not.
    names = ["Viện Kiểm sát nhân dân tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh", "Thanh tra tỉnh", "Sở Tư pháp"]
    agencies = {n: AgencyFactory(province=province, name=n) for n in names}
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=list(agencies.values()), leader=agencies["Sở Tư pháp"])
    t = build_table(bloc)
    points = {
        "Viện Kiểm sát nhân dân tỉnh": (10, 10, 0),  # 20
        "Ủy ban Mặt trận Tổ quốc tỉnh": (10, 10, 0),  # 20
        "Thanh tra tỉnh": (10, 10, 0),  # 20 + 2 − 2 × 1.5 ... adjusted below to 20 with a penalty
        "Sở Tư pháp": (10, 8, 0),  # 18 + 2 = 20: lower criteria sum
    }
    for name, pts in points.items():
        self_score_and_submit(t, agencies[name], None, pts)
        services.save_bloc_scores(table=t.table, agency=agencies[name], entries=entries(t, *pts), user=None)
    # Thanh tra: 20 + 2 × 1.5 bonus... use bonus 3 × 2 = 6 and penalty 4 × 1.5 = 6 → 20, but 6 penalty points.
    services.save_bloc_scores(
        table=t.table, agency=agencies["Thanh tra tỉnh"], adjustments={t.bonus: (3, ""), t.penalty: (4, "")}, user=None
    )
    services.save_bloc_scores(table=t.table, agency=agencies["Sở Tư pháp"], adjustments={t.bonus: (1, "")}, user=None)
    assert _rows(bloc) == [
        (1, "Ủy ban Mặt trận Tổ quốc tỉnh", D("20.00"), D(0), D(0), D("20.00"), True),
        (2, "Viện Kiểm sát nhân dân tỉnh", D("20.00"), D(0), D(0), D("20.00"), True),
        (3, "Thanh tra tỉnh", D("20.00"), D("6.00"), D("6.00"), D("20.00"), True),
        (4, "Sở Tư pháp", D("18.00"), D("2.00"), D(0), D("20.00"), True),
    ]


def test_vietnamese_sort_key_orders_letters_then_tones():
    words = ["Viện", "Ủy", "Đồng", "Dương", "ơ", "ô", "o", "à", "á", "a", "ă", "â", "b"]
    assert sorted(words, key=vn_sort_key) == [
        "a",
        "à",
        "á",
        "ă",
        "â",
        "b",
        "Dương",
        "Đồng",
        "o",
        "ô",
        "ơ",
        "Ủy",
        "Viện",
    ]


def test_ranking_without_table_is_empty(world):
    assert selectors.ranking(bloc=world.bloc, year=2022) == []


def test_ranking_rows_are_marked_finalised(world, t):
    for agency, user in [(world.a, "officer_a"), (world.b, "officer_b"), (world.c, "officer_c")]:
        self_score_and_submit(t, agency, world.users[user])
        services.save_bloc_scores(table=t.table, agency=agency, entries=entries(t, 8, 15, 5), user=None)
    services.finalise(table=t.table, user=None)
    rows = selectors.ranking(bloc=world.bloc, year=2022)
    assert [r.finalised for r in rows] == [True, True, True]
    # All equal: the name decides (Vietnamese order: Bộ < Công < Cục).
    assert [r.agency.name for r in rows] == [
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Công an tỉnh",
        "Cục Thi hành án dân sự tỉnh",
    ]


@pytest.mark.parametrize("extra_members", [0, 9])
def test_ranking_query_count_is_constant(world, t, django_assert_num_queries, extra_members):
    members = [world.a, world.b, world.c] + [AgencyFactory(province=world.province) for _ in range(extra_members)]
    bloc_services.set_roster(bloc=world.bloc, year=2022, agencies=members, leader=world.a)
    for agency in members:
        self_score_and_submit(t, agency, None)
        services.save_bloc_scores(
            table=t.table, agency=agency, entries=entries(t, 8, 15, 5), adjustments={t.bonus: (1, "")}, user=None
        )
    # table, roster, criteria count, self totals, bloc points, adjustments, sheet states
    with django_assert_num_queries(7):
        rows = selectors.ranking(bloc=world.bloc, year=2022)
    assert len(rows) == 3 + extra_members


# --- Automatic criteria -------------------------------------------------------------------


def _auto_table(world, source):
    t = build_table(world.bloc)
    services.save_criterion(
        table=t.table, group=t.c3.group, criterion=t.c3, name=t.c3.name, max_points=D(5), auto_source=source
    )
    t.c3.refresh_from_db()
    return t


def test_report_on_time_proposal_from_submissions(world):
    t = _auto_table(world, "report_on_time")
    h1 = period(world.province, kind="h1")  # deadline 15/07/2022
    year = period(world.province, kind="year")  # deadline 20/12/2022
    # A: both on time; the H1 report at 23:30 local time on the deadline day still counts.
    submission(world.a, h1, at=datetime.datetime(2022, 7, 15, 23, 30))
    submission(world.a, year, at=datetime.datetime(2022, 12, 1, 9, 0), state="accepted")
    # B: H1 on time, full year a day late.
    submission(world.b, h1, at=datetime.datetime(2022, 7, 1, 8, 0))
    submission(world.b, year, at=datetime.datetime(2022, 12, 21, 0, 5))
    # C: H1 only a draft (not submitted), full year on time.
    submission(world.c, h1, state="draft")
    submission(world.c, year, at=datetime.datetime(2022, 12, 20, 10, 0))
    structure = selectors.table_structure(t.table)
    proposals = selectors.proposals(t.table, structure.criteria, {world.a.id, world.b.id, world.c.id})
    a, b, c = (proposals[(t.c3.id, x.id)] for x in (world.a, world.b, world.c))
    assert a.points == D("5.00") and b.points == D("2.50") and c.points == D("2.50")
    assert a.sources == [
        "Báo cáo 6 tháng đầu năm 2022: nộp ngày 15/07/2022, hạn nộp 15/07/2022: đúng hạn.",
        "Báo cáo năm 2022: nộp ngày 01/12/2022, hạn nộp 20/12/2022: đúng hạn.",
    ]
    assert b.sources[1] == "Báo cáo năm 2022: nộp ngày 21/12/2022, hạn nộp 20/12/2022: chậm."
    assert c.sources[0] == "Báo cáo 6 tháng đầu năm 2022: không nộp, hạn nộp 15/07/2022."
    # Only the automatic criterion gets a proposal.
    assert {k[0] for k in proposals} == {t.c3.id}


def test_report_on_time_without_period_proposes_nothing(world):
    t = _auto_table(world, "report_on_time")
    structure = selectors.table_structure(t.table)
    proposal = selectors.proposals(t.table, structure.criteria, {world.a.id})[(t.c3.id, world.a.id)]
    assert proposal.points is None
    assert proposal.sources == ["Tỉnh chưa có kỳ báo cáo nào của năm 2022."]


def test_awards_count_proposal_scales_to_the_best_member(world):
    t = _auto_table(world, "awards_count")
    year, h1 = period(world.province, kind="year"), period(world.province, kind="h1")
    sub_a = submission(world.a, year, at=datetime.datetime(2022, 12, 1))
    record(sub_a, collectives=2, individuals=6)
    record(sub_a, collectives=0, individuals=2, authority="Chủ tịch UBND tỉnh")
    record(sub_a, collectives=9, individuals=9, status="proposed")  # a proposal is not an award
    sub_b = submission(world.b, year, at=datetime.datetime(2022, 12, 1))
    record(sub_b, collectives=1, individuals=4)
    record(submission(world.b, h1, at=datetime.datetime(2022, 7, 1)), individuals=50)  # H1 is in the full year
    record(submission(world.c, year, state="draft"), individuals=100)  # a draft does not count
    structure = selectors.table_structure(t.table)
    proposals = selectors.proposals(t.table, structure.criteria, {world.a.id, world.b.id, world.c.id})
    assert [proposals[(t.c3.id, x.id)].points for x in (world.a, world.b, world.c)] == [D("5.00"), D("2.50"), D("0.00")]
    assert proposals[(t.c3.id, world.b.id)].sources == [
        "Được khen thưởng năm 2022 (báo cáo cả năm): 1 lượt tập thể, 4 lượt cá nhân; cao nhất khối: 10 lượt."
    ]


def test_conference_attended_proposal_from_attendance(world):
    t = _auto_table(world, "conference_attended")
    h1 = Conference.objects.create(bloc=world.bloc, kind="six_month", year=2022, date=datetime.date(2022, 7, 20))
    annual = Conference.objects.create(bloc=world.bloc, kind="annual", year=2022, date=datetime.date(2023, 1, 4))
    Conference.objects.create(bloc=world.bloc, kind="other", year=2022, title="Hội thao")  # attendance not recorded
    Attendance.objects.create(conference=h1, agency=world.a, attended=True)
    Attendance.objects.create(conference=h1, agency=world.b, attended=True)
    Attendance.objects.create(conference=h1, agency=world.c, attended=False)
    Attendance.objects.create(conference=annual, agency=world.a, attended=True)
    Attendance.objects.create(conference=annual, agency=world.b, attended=False)
    structure = selectors.table_structure(t.table)
    proposals = selectors.proposals(t.table, structure.criteria, {world.a.id, world.b.id, world.c.id})
    assert [proposals[(t.c3.id, x.id)].points for x in (world.a, world.b, world.c)] == [D("5.00"), D("2.50"), D("0.00")]
    assert proposals[(t.c3.id, world.b.id)].sources == [
        "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2022 (20/07/2022): có tham dự.",
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022 (04/01/2023): vắng mặt.",
        "Hội thao (—): chưa ghi nhận thành phần tham dự (không tính).",
    ]


def test_covenant_view_lists_members_that_have_not_signed(world):
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    services.record_pledge(covenant=covenant, agency=world.b, signed_on=datetime.date(2022, 3, 1), signatory_name="X")
    ctx = BlocAccess(world.users["ha"], world.bloc, 2022)
    view = selectors.covenant_view(ctx)
    assert [p.agency.name for p in view.pledges] == ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    assert [a.name for a in view.unsigned] == ["Công an tỉnh", "Cục Thi hành án dân sự tỉnh"]


def test_scoring_to_finish_counts_sheets_sent_until_finalised(world, t):
    progress = selectors.scoring_to_finish(world.bloc, 2022)
    assert (progress.table, progress.members, progress.submitted) == (t.table, 3, 0)
    self_score_and_submit(t, world.c, world.users["officer_c"])
    assert selectors.scoring_to_finish(world.bloc, 2022).submitted == 1
    assert selectors.scoring_to_finish(world.bloc, 2023) is None  # no table that year


def test_pledges_to_record_lists_covenants_without_the_agencys_pledge(world):
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    assert selectors.pledges_to_record(world.users["officer_c"], 2022) == [covenant]
    assert selectors.pledges_to_record(world.users["officer_d"], 2022) == []  # not a member
    assert selectors.pledges_to_record(world.users["ha"], 2022) == []
    services.record_pledge(
        covenant=covenant, agency=world.c, signed_on=datetime.date(2022, 3, 1), signatory_name="Nguyễn Văn C"
    )
    assert selectors.pledges_to_record(world.users["officer_c"], 2022) == []


def test_conference_attended_not_recorded_counts_neither_present_nor_absent(world):
    t = _auto_table(world, "conference_attended")
    h1 = Conference.objects.create(bloc=world.bloc, kind="six_month", year=2022, date=datetime.date(2022, 7, 20))
    annual = Conference.objects.create(bloc=world.bloc, kind="annual", year=2022, date=datetime.date(2023, 1, 4))
    Attendance.objects.create(conference=h1, agency=world.a, attended=True)
    Attendance.objects.create(conference=h1, agency=world.b, attended=None)  # the minutes do not say
    Attendance.objects.create(conference=annual, agency=world.a, attended=False)
    Attendance.objects.create(conference=annual, agency=world.b, attended=True)
    structure = selectors.table_structure(t.table)
    proposals = selectors.proposals(t.table, structure.criteria, {world.a.id, world.b.id})
    # A: 1 of 2 recorded; B: 1 of 1 recorded (the six-month review is left out, not absent)
    assert [proposals[(t.c3.id, x.id)].points for x in (world.a, world.b)] == [D("2.50"), D("5.00")]
    assert proposals[(t.c3.id, world.b.id)].sources[0] == (
        "Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2022 (20/07/2022): "
        "chưa ghi nhận thành phần tham dự (không tính)."
    )
