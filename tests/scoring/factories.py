"""Builders for scoring tests: a bloc with three members, its scoring table, and the award and
conference rows that feed the automatic criteria (created directly: those apps are neighbours)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission
from blocs import services as bloc_services
from blocs.models import Agency, Bloc, Province, User
from scoring import services
from scoring.models import AdjustmentItem, Criterion, ScoringTable
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

D = Decimal


@dataclass
class World:
    province: Province
    bloc: Bloc
    a: Agency  # leader in 2022
    b: Agency  # deputy in 2022, leader in 2023
    c: Agency
    d: Agency  # same province, not a member
    users: dict[str, User] = field(default_factory=dict)

    @property
    def members(self):
        return [self.a, self.b, self.c]


def build_world() -> World:
    province = ProvinceFactory(name="Đồng Tháp", code="dong-thap-t")
    other = ProvinceFactory(name="Bắc Giang", code="bac-giang-t")
    bloc = BlocFactory(province=province, name="Khối Thi đua số 6", number=6)
    a = AgencyFactory(province=province, name="Cục Thi hành án dân sự tỉnh")
    b = AgencyFactory(province=province, name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh")
    c = AgencyFactory(province=province, name="Công an tỉnh")
    d = AgencyFactory(province=province, name="Sở Tài chính")
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=[a, b, c], leader=a, deputies=[b])
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=[a, b, c], leader=b, deputies=[c])
    world = World(province=province, bloc=bloc, a=a, b=b, c=c, d=d)
    world.users = {
        "officer_a": officer(a, username="off_a"),
        "officer_b": officer(b, username="off_b"),
        "officer_c": officer(c, username="off_c"),
        "officer_d": officer(d, username="off_d"),
        "officer_other": officer(AgencyFactory(province=other), username="off_other"),
        "ha": home_affairs(province, username="ha"),
        "ha_other": home_affairs(other, username="ha_other"),
        "admin": admin_user(username="root"),
    }
    return world


@dataclass
class Table:
    table: ScoringTable
    c1: Criterion  # max 10
    c2: Criterion  # max 20
    c3: Criterion  # max 5
    bonus: AdjustmentItem  # +2
    penalty: AdjustmentItem  # -1.5


def build_table(bloc, year=2022, method=ScoringTable.Method.LEADER) -> Table:
    table = services.create_table(bloc=bloc, year=year, copy_previous=False)
    if method != table.method:
        services.update_table_settings(table=table, title=table.title, method=method)
    g1 = services.save_group(table=table, name="I. Thực hiện nhiệm vụ chính trị, chuyên môn", position=1)
    g2 = services.save_group(table=table, name="II. Công tác thi đua, khen thưởng", position=2)
    c1 = services.save_criterion(table=table, group=g1, name="Hoàn thành chỉ tiêu nghiệp vụ", max_points=D(10))
    c2 = services.save_criterion(table=table, group=g1, name="Xây dựng cơ quan vững mạnh", max_points=D(20), position=2)
    c3 = services.save_criterion(table=table, group=g2, name="Thực hiện chế độ báo cáo", max_points=D(5))
    bonus = services.save_adjustment_item(
        table=table, kind="bonus", name="Được tặng Cờ thi đua", points=D(2), rule="+2 điểm mỗi Cờ thi đua"
    )
    penalty = services.save_adjustment_item(
        table=table, kind="penalty", name="Nộp báo cáo chậm", points=D("1.5"), rule="−1,5 điểm mỗi lần chậm"
    )
    return Table(table, c1, c2, c3, bonus, penalty)


def entries(t: Table, p1, p2, p3, evidence=""):
    return [
        services.ScoreEntry(t.c1, None if p1 is None else D(str(p1)), evidence),
        services.ScoreEntry(t.c2, None if p2 is None else D(str(p2)), evidence),
        services.ScoreEntry(t.c3, None if p3 is None else D(str(p3)), evidence),
    ]


def self_score_and_submit(t: Table, agency, user, points=(8, 15, 5)):
    services.save_self_scores(table=t.table, agency=agency, entries=entries(t, *points), user=user)
    services.submit_sheet(table=t.table, agency=agency, user=user)


def award_form() -> AwardForm:
    form, _ = AwardForm.objects.get_or_create(
        code="test-giay-khen",
        defaults={"name": "Giấy khen (kiểm thử)", "level": "unit", "recipients": "both", "category": "commendation"},
    )
    return form


def period(province, year=2022, kind="h1", deadline=None) -> ReportingPeriod:
    if kind == "h1":
        start, end, default_deadline = datetime.date(year, 1, 1), datetime.date(year, 6, 30), datetime.date(year, 7, 15)
    else:
        start, end, default_deadline = (
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            datetime.date(year, 12, 20),
        )
    return ReportingPeriod.objects.create(
        province=province, year=year, kind=kind, start_date=start, end_date=end, deadline=deadline or default_deadline
    )


def submission(agency, period_, *, at=None, state="submitted") -> Submission:
    """`at` is a local (Asia/Ho_Chi_Minh) naive datetime."""
    submitted_at = timezone.make_aware(at) if at else None
    return Submission.objects.create(agency=agency, period=period_, state=state, submitted_at=submitted_at)


def record(sub: Submission, *, collectives=0, individuals=0, status="granted", authority="Thủ trưởng đơn vị"):
    return AwardRecord.objects.create(
        submission=sub,
        agency=sub.agency,
        period=sub.period,
        form=award_form(),
        authority=authority,
        status=status,
        collectives=collectives,
        individuals=individuals,
    )
