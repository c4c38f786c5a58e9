import datetime
import io

import pytest
from django.core.management import call_command

from blocs.demo import BAC_GIANG_BLOC, BAC_KAN_BLOC, DONG_THAP_BLOC
from blocs.models import Bloc, Membership
from conferences import selectors
from conferences.models import Candidate, Conference, Election, Vote

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Conference.objects.values_list("bloc__name", "year", "kind", "date")),
        Vote.objects.count(),
        Candidate.objects.count(),
        Election.objects.count(),
        sorted(Membership.objects.values_list("bloc__name", "year", "agency__name", "role", "role_source_reference")),
    )


def test_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert len(first[0]) == 3


def test_demo_dong_thap_six_month_review_keeps_every_fact():
    call_command("load_demo", stdout=io.StringIO())
    bloc = Bloc.objects.get(name=DONG_THAP_BLOC)
    (c,) = selectors.conferences_for_period(bloc, 2022, "h1")
    assert c.date == datetime.date(2022, 7, 20) and c.time_of_day == "afternoon"
    assert c.venue == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" and c.host_agency.name == c.venue
    assert [(a.agency.name, a.attended) for a in c.attendance.all()][:2] == [
        ("Cục Thi hành án dân sự tỉnh", True),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", True),
    ]
    assert sum(a.attended for a in c.attendance.all()) == 8
    guest = c.guests.all()[0]
    assert guest.name == "Ngô Tổng Trưởng" and "Thư ký Hội đồng Thi đua - Khen thưởng tỉnh" in guest.title
    assert guest.organisation == "Sở Nội vụ"
    assert (c.concluded_by_name, c.concluded_by_title) == (
        "Bùi Văn Khanh",
        "Phó Cục trưởng Cục Thi hành án dân sự, Trưởng khối",
    )
    assert next(d.title for d in c.adopted_documents.all()).startswith("Báo cáo kết quả thực hiện nhiệm vụ")
    assert [m.text for m in c.agreed_movements.all()] == [
        "Chung tay, gắn kết hỗ trợ xây dựng, sửa chữa nhà cho cán bộ, chiến sĩ, công chức, viên chức và người lao động",
        "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)",
    ]
    assert [(b.number, b.date, b.issuer) for b in c.legal_bases.all()] == [
        ("157/QĐ-KTĐS6", datetime.date(2022, 3, 22), "Khối Thi đua số 6"),
        ("1224/SNV-TĐKT", datetime.date(2022, 5, 31), "Sở Nội vụ tỉnh Đồng Tháp"),
    ]


def test_demo_bac_kan_outcomes_and_election_feed_the_report():
    call_command("load_demo", stdout=io.StringIO())
    bloc = Bloc.objects.get(name=BAC_KAN_BLOC)
    assert selectors.outcome_summary(bloc, 2022) == (
        "suy tôn Thanh tra tỉnh nhận Cờ thi đua của UBND tỉnh; "
        "đề nghị UBND tỉnh tặng Bằng khen cho Bộ Chỉ huy Quân sự tỉnh và Sở Tư pháp"
    )
    rows = selectors.vote_outcomes(bloc, 2022)
    assert [(r.award_label, r.agency, r.kind, r.votes, r.percent, r.won) for r in rows] == [
        ("Cờ thi đua của UBND tỉnh", "Thanh tra tỉnh", "flag", None, None, True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "certificate", None, None, True),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", "certificate", None, None, True),
    ]
    election = selectors.election_for(bloc, 2022)
    assert election.for_year == 2023 and election.leader.name == "Thanh tra tỉnh"
    assert [d.name for d in election.deputies] == ["Công an tỉnh"]
    (conference,) = selectors.conferences_for_period(bloc, 2022, "year")
    assert conference.date == datetime.date(2023, 1, 4)
    assert len(conference.tasks.all()) == 5
    leader = Membership.objects.get(bloc=bloc, year=2023, role="leader")
    assert leader.role_source == "election" and leader.role_source_reference == conference.display_title
    assert leader.role_source_date == datetime.date(2023, 1, 4)


def test_demo_bac_giang_review_without_a_date():
    call_command("load_demo", stdout=io.StringIO())
    bloc = Bloc.objects.get(name=BAC_GIANG_BLOC)
    (c,) = selectors.conferences_for_period(bloc, 2022, "h1")
    assert c.date is None and c.date_note == "article published 03/08/2022"
    assert [t.text for t in c.tasks.all()][3] == "Lập thành tích chào mừng các ngày kỷ niệm lớn của đất nước"
    assert len(c.tasks.all()) == 4
