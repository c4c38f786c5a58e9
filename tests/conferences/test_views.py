"""Conference pages for anonymous, officer of another province, officer of a non-member agency,
member officer, leader officer (in and outside its year), Home Affairs of another province,
Home Affairs of the province and admin; plus the forms, files, documents and query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from blocs import services as bloc_services
from blocs.models import Membership
from conferences import documents, services
from conferences.models import Attachment, Attendance, Conference, Election, Task, Vote
from tests.conferences.factories import ConferenceFactory, flag_form
from tests.conftest import module_world
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def build_world():
    province = ProvinceFactory(name="Bắc Kạn")
    other_province = ProvinceFactory(name="Bắc Giang")
    bloc = BlocFactory(province=province, name="Khối thi đua Nội chính")
    a = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCDEF"]
    # 2022: A leads, B deputises; 2023: D leads, A is a plain member. F is in no bloc.
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=a[:5], leader=a[0], deputies=[a[1]])
    bloc_services.set_roster(bloc=bloc, year=2023, agencies=a[:5], leader=a[3], deputies=[a[4]])
    c2022 = ConferenceFactory(bloc=bloc, year=2022)
    c2023 = ConferenceFactory(
        bloc=bloc, year=2023, kind=Conference.Kind.SIX_MONTH, period_kind="h1", date=datetime.date(2023, 7, 20)
    )
    return {
        "province": province,
        "bloc": bloc,
        "a": a,
        "c2022": c2022,
        "c2023": c2023,
        "ha": home_affairs(province),
        "ha_other": home_affairs(other_province),
        "member": officer(a[2]),
        "leader": officer(a[0]),
        "outsider": officer(a[5]),
        "officer_other": officer(AgencyFactory(province=other_province)),
        "admin": admin_user(),
    }


_world, world = module_world(build_world, "conference-views-media")


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


READ = [
    (None, 302),
    ("officer_other", 404),
    ("ha_other", 404),
    ("outsider", 404),
    ("member", 200),
    ("leader", 200),
    ("ha", 200),
    ("admin", 200),
]
MANAGE_2022 = [
    (None, 302),
    ("officer_other", 404),
    ("ha_other", 404),
    ("outsider", 404),
    ("member", 403),
    ("leader", 200),
    ("ha", 200),
    ("admin", 200),
]


@pytest.mark.parametrize(("who", "expected"), READ)
def test_detail_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("conferences:detail", args=[world["c2022"].pk]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "expected"), READ)
def test_list_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("conferences:list", args=[world["bloc"].pk, 2022]))
    assert response.status_code == expected


@pytest.mark.parametrize(("who", "expected"), MANAGE_2022)
def test_edit_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("conferences:edit", args=[world["c2022"].pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("who", "expected"), MANAGE_2022)
def test_create_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("conferences:create", args=[world["bloc"].pk, 2022]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("leader", 403), ("member", 200), ("ha", 200), ("outsider", 404)],
)
def test_leader_officer_manages_only_in_the_year_it_leads(client, world, who, expected):
    # In 2023 the leader of 2022 (A) is a plain member; D leads. C is a member in both years.
    users = {**world, "member": officer(world["a"][3])}
    response = _get(client, users[who], reverse("conferences:edit", args=[world["c2023"].pk]))
    assert response.status_code == expected
    response = client.get(reverse("conferences:create", args=[world["bloc"].pk, 2023]))
    assert response.status_code == expected


# --- The minutes form ------------------------------------------------------------------------


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def minutes_post(*, fields, attendance=(), tasks=(), guests=(), agenda=(), documents=(), movements=(), bases=()):
    data = {"kind": "", **fields}
    data.update(_management("att", len(attendance)))
    for i, row in enumerate(attendance):
        for k, v in row.items():
            if v is not None and v is not False:
                data[f"att-{i}-{k}"] = v
    for prefix, rows in [
        ("guest", guests),
        ("agenda", [{"text": t} for t in agenda]),
        ("doc", [{"text": t} for t in documents]),
        ("task", tasks),
        ("mov", movements),
        ("basis", bases),
    ]:
        data.update(_management(prefix, len(rows)))
        for i, row in enumerate(rows):
            for k, v in row.items():
                data[f"{prefix}-{i}-{k}"] = v
    return data


def test_home_affairs_creates_a_six_month_review(client, world):
    a = world["a"]
    client.force_login(world["ha"])
    data = minutes_post(
        fields={
            "kind": "six_month",
            "date": "20/07/2022",
            "time_of_day": "afternoon",
            "venue": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            "host_agency": a[1].pk,
            "chair_name": "Bùi Văn Khanh",
            "concluded_by_name": "Bùi Văn Khanh",
            "concluded_by_title": "Phó Cục trưởng, Trưởng khối",
        },
        attendance=[{"agency": x.pk, "attended": "True", "representative_name": f"Đại diện {x.name}"} for x in a[:4]]
        + [{"agency": a[4].pk, "attended": "False"}],
        tasks=[{"text": "Nhiệm vụ 1", "responsible_agency": a[2].pk}, {"text": ""}],
        guests=[{"name": "Ngô Tổng Trưởng", "title": "Trưởng phòng", "organisation": "Sở Nội vụ"}],
        bases=[{"number": "1224/SNV-TĐKT", "date": "31/05/2022", "issuer": "Sở Nội vụ", "title": "Hướng dẫn"}],
    )
    response = client.post(reverse("conferences:create", args=[world["bloc"].pk, 2022]), data)
    conference = Conference.objects.get(kind="six_month", year=2022)
    assert response.status_code == 302 and response["Location"] == conference.get_absolute_url()
    assert conference.date == datetime.date(2022, 7, 20) and conference.period_kind == "h1"
    assert conference.created_by == world["ha"]
    assert list(conference.attendance.values_list("agency__name", "attended")) == [
        ("Cơ quan A", True),
        ("Cơ quan B", True),
        ("Cơ quan C", True),
        ("Cơ quan D", True),
        ("Cơ quan E", False),
    ]
    assert list(Task.objects.filter(conference=conference).values_list("text", flat=True)) == ["Nhiệm vụ 1"]
    assert conference.legal_bases.get().date == datetime.date(2022, 5, 31)
    html = client.get(conference.get_absolute_url()).content.decode()
    assert "Ngô Tổng Trưởng" in html and "1224/SNV-TĐKT" in html and "Nhiệm vụ 1" in html


def test_create_form_prefills_the_roster_as_not_recorded(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("conferences:create", args=[world["bloc"].pk, 2022]) + "?kind=annual")
    formset = response.context["formsets"]["attendance"]
    assert [f.agency_label for f in formset.forms] == [f"Cơ quan {c}" for c in "ABCDE"]
    assert [f.initial["attended"] for f in formset.forms] == [None] * 5
    assert (
        response.context["form"].initial.get("kind") == "annual" or response.context["form"].instance.kind == "annual"
    )


def test_bad_minutes_show_errors_and_write_nothing(client, world):
    a = world["a"]
    client.force_login(world["ha"])
    before = (Conference.objects.count(), Attendance.objects.count())
    data = minutes_post(
        fields={"kind": "annual", "date": "05/03/2021"},
        attendance=[{"agency": a[5].pk, "attended": "True"}],
    )
    response = client.post(reverse("conferences:create", args=[world["bloc"].pk, 2022]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cơ quan F không phải là thành viên của khối trong năm 2022." in html
    assert response.context["form"].errors["date"]
    assert (Conference.objects.count(), Attendance.objects.count()) == before


def test_second_annual_review_is_a_form_error(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("conferences:create", args=[world["bloc"].pk, 2022]), minutes_post(fields={"kind": "annual"})
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["kind"]] == [services.ERR_DUPLICATE_REVIEW]
    assert Conference.objects.filter(year=2022).count() == 1


def test_member_officer_post_is_forbidden_and_writes_nothing(client, world):
    client.force_login(world["member"])
    response = client.post(
        reverse("conferences:edit", args=[world["c2022"].pk]), minutes_post(fields={"kind": "other", "venue": "X"})
    )
    assert response.status_code == 403
    world["c2022"].refresh_from_db()
    assert world["c2022"].kind == "annual" and world["c2022"].venue == ""
    response = client.post(reverse("conferences:delete", args=[world["c2022"].pk]))
    assert response.status_code == 403 and Conference.objects.filter(pk=world["c2022"].pk).exists()


def test_deleting_a_conference_with_an_election_says_the_roster_stays(client, world):
    a = world["a"]
    services.record_election(conference=world["c2022"], leader=a[2], deputies=[a[1]])
    client.force_login(world["ha"])
    page = client.get(reverse("conferences:detail", args=[world["c2022"].pk])).content.decode()
    assert "Xóa hội nghị không làm thay đổi danh sách thành viên năm 2023" in page
    assert client.post(reverse("conferences:delete", args=[world["c2022"].pk])).status_code == 302
    leaders = Membership.objects.filter(bloc=world["bloc"], year=2023, role=Membership.Role.LEADER)
    assert list(leaders.values_list("agency__name", flat=True)) == ["Cơ quan C"]
    other = client.get(reverse("conferences:detail", args=[world["c2023"].pk])).content.decode()
    assert "delete-keeps-roster" not in other


# --- Votes and election --------------------------------------------------------------------


def _vote_post(**fields):
    candidates = fields.pop("candidates", [])
    data = {"kind": "flag", "award_form": flag_form().pk, "authority": "UBND tỉnh", **fields}
    data.update(_management("cand", len(candidates)))
    for i, row in enumerate(candidates):
        for k, v in row.items():
            data[f"cand-{i}-{k}"] = v
    return data


def test_leader_officer_records_a_vote_with_ballots(client, world):
    a = world["a"]
    client.force_login(world["leader"])
    url = reverse("conferences:vote_create", args=[world["c2022"].pk])
    data = _vote_post(
        ballots_issued=5,
        ballots_returned=5,
        ballots_valid=5,
        ballots_invalid=0,
        candidates=[{"agency": a[2].pk, "votes": 4}, {"agency": a[3].pk, "votes": 1}, {"agency": ""}],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.award_label == "Cờ thi đua của UBND tỉnh"
    assert list(vote.candidates.values_list("agency__name", "votes", "won")) == [
        ("Cơ quan C", 4, True),
        ("Cơ quan D", 1, False),
    ]
    html = client.get(world["c2022"].get_absolute_url()).content.decode()
    assert "80,00" in html or "80.00" in html


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ((5, 6, 6, 0), "6 phiếu thu về nhưng chỉ phát ra 5 phiếu."),
        ((5, 5, 4, 0), "Số phiếu hợp lệ (4) và không hợp lệ (0) phải bằng số phiếu thu về (5)."),
        ((5, 5, 4, 1), "Số phiếu của một ứng viên (5) không thể lớn hơn số phiếu hợp lệ (4)."),
        ((5, 5, -1, 6), "Số phiếu không được là số âm."),
    ],
)
def test_bad_ballots_are_form_errors_and_write_nothing(client, world, figures, message):
    client.force_login(world["ha"])
    data = _vote_post(
        ballots_issued=figures[0],
        ballots_returned=figures[1],
        ballots_valid=figures[2],
        ballots_invalid=figures[3],
        candidates=[{"agency": world["a"][2].pk, "votes": 5}],
    )
    response = client.post(reverse("conferences:vote_create", args=[world["c2022"].pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Vote.objects.count() == 0


def test_candidate_not_member_is_a_form_error(client, world):
    client.force_login(world["ha"])
    data = _vote_post(candidates=[{"agency": world["a"][5].pk, "won": "on"}])
    response = client.post(reverse("conferences:vote_create", args=[world["c2022"].pk]), data)
    # F is no member: it is not even offered, so the form rejects the choice.
    assert response.status_code == 200 and Vote.objects.count() == 0


def test_election_sets_next_year_roster_and_conflicts_are_form_errors(client, world):
    a, bloc = world["a"], world["bloc"]
    client.force_login(world["ha"])
    url = reverse("conferences:election", args=[world["c2022"].pk])
    response = client.post(
        url, with_version(client, url, {"method": "election", "leader": a[2].pk, "deputy_1": a[2].pk})
    )
    assert response.status_code == 200
    assert "Năm 2023: Cơ quan C là Trưởng khối, không thể đồng thời là Phó khối." in response.content.decode()
    assert Election.objects.count() == 0
    assert Membership.objects.get(bloc=bloc, year=2023, role="leader").agency == a[3]

    response = client.post(
        url, with_version(client, url, {"method": "election", "leader": a[2].pk, "deputy_1": a[1].pk})
    )
    assert response.status_code == 302
    leader = Membership.objects.get(bloc=bloc, year=2023, role="leader")
    assert leader.agency == a[2] and leader.role_source == "election"
    assert leader.role_source_reference == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022"
    assert leader.role_source_date == datetime.date(2023, 1, 4)
    assert Membership.objects.get(bloc=bloc, year=2023, role="deputy").agency == a[1]


def test_election_page_only_for_annual_reviews(client, world):
    client.force_login(world["ha"])
    assert client.get(reverse("conferences:election", args=[world["c2023"].pk])).status_code == 404


# --- Attachments ---------------------------------------------------------------------------


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_upload_and_download_with_read_permission(client, world, settings):
    client.force_login(world["ha"])
    response = client.post(
        reverse("conferences:attachment_add", args=[world["c2022"].pk]),
        {"kind": "minutes", "file": _upload("biên bản.pdf", PDF), "description": "Bản ký"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert attachment.file.name.startswith("conferences/") and attachment.file.name.endswith(".pdf")
    assert "biên" not in attachment.file.name  # stored under a random name
    url = reverse("conferences:attachment", args=[world["c2022"].pk, attachment.pk])

    client.force_login(world["member"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF

    for who in ("outsider", "officer_other", "ha_other"):
        client.force_login(world[who])
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # A member officer cannot remove it.
    client.force_login(world["member"])
    delete = reverse("conferences:attachment_delete", args=[world["c2022"].pk, attachment.pk])
    assert client.post(delete).status_code == 403
    client.force_login(world["ha"])
    assert client.post(delete).status_code == 302
    assert Attachment.objects.count() == 0


def test_attachment_of_another_conference_is_not_reachable_by_its_url(client, world):
    other = ConferenceFactory(bloc=BlocFactory())
    attachment = services.add_attachment(conference=other, upload=_upload("x.pdf", PDF), kind="minutes")
    client.force_login(world["ha"])
    url = reverse("conferences:attachment", args=[world["c2022"].pk, attachment.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", services.ERR_FILE_TYPE),
        ("anh.pdf", PNG, services.ERR_FILE_EXTENSION),
        ("script.html", b"<script>alert(1)</script>", services.ERR_FILE_TYPE),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), services.ERR_FILE_TOO_LARGE),
    ],
)
def test_rejected_uploads_write_no_row_and_no_file(client, world, settings, name, content, code):
    client.force_login(world["ha"])
    response = client.post(
        reverse("conferences:attachment_add", args=[world["c2022"].pk]),
        {"kind": "photo", "file": _upload(name, content)},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == [code]
    assert Attachment.objects.count() == 0
    assert _media_files(settings) == []


def test_png_and_jpeg_are_accepted(world):
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    services.add_attachment(conference=world["c2022"], upload=_upload("anh.PNG", PNG), kind="photo")
    services.add_attachment(conference=world["c2022"], upload=_upload("anh.jpeg", jpeg), kind="photo")
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]


# --- Print view and .docx ------------------------------------------------------------------


@pytest.fixture
def full_conference(world):
    a, c = world["a"], world["c2022"]
    c.venue = "Bộ Chỉ huy Quân sự tỉnh"
    c.chair_name, c.chair_title = "Nguyễn Văn Chủ", "Chánh Thanh tra"
    c.secretary_name, c.secretary_title = "Trần Thị Ký", "Chuyên viên"
    services.save_minutes(
        conference=c,
        attendance=[{"agency": x, "attended": True, "representative_name": f"Ông {x.name}"} for x in a[:4]]
        + [{"agency": a[4], "attended": False}],
        guests=[
            {"name": "Ngô Tổng Trưởng", "title": "Trưởng phòng Thi đua - Khen thưởng", "organisation": "Sở Nội vụ"}
        ],
        tasks=[{"text": "Triển khai đồng bộ công tác thi đua trên tất cả các lĩnh vực"}],
    )
    services.save_vote(
        conference=c,
        kind=Vote.Kind.FLAG,
        award_form=flag_form(),
        authority="UBND tỉnh",
        ballots_issued=5,
        ballots_returned=5,
        ballots_valid=4,
        ballots_invalid=1,
        candidates=[{"agency": a[2], "votes": 3}, {"agency": a[3], "votes": 1}],
    )
    services.record_election(conference=c, leader=a[2], deputies=[a[1]])
    return c


def test_docx_minutes_have_the_decree_30_layout_and_the_facts(client, world, full_conference):
    client.force_login(world["member"])
    response = client.get(reverse("conferences:docx", args=[full_conference.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    text = documents.document_text(Document(io.BytesIO(response.content)))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KHỐI THI ĐUA NỘI CHÍNH",
        "Bắc Kạn, ngày 04 tháng 01 năm 2023",
        "BIÊN BẢN",
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022",
        "1. Thời gian: Vào buổi chiều, ngày 04 tháng 01 năm 2023.",
        "2. Địa điểm: Tại Bộ Chỉ huy Quân sự tỉnh.",
        "- Chủ trì: Nguyễn Văn Chủ – Chánh Thanh tra.",
        "Ngô Tổng Trưởng – Trưởng phòng Thi đua - Khen thưởng, Sở Nội vụ",
        "- Cơ quan A: Ông Cơ quan A",
        "- Vắng mặt: Cơ quan E.",
        "1. Bình xét, suy tôn: Cờ thi đua của UBND tỉnh",
        "Số phiếu phát ra: 5; số phiếu thu về: 5; số phiếu hợp lệ: 4; số phiếu không hợp lệ: 1.",
        "75%",
        "Hội nghị thống nhất bầu (suy tôn) Cơ quan C làm Trưởng khối, Cơ quan B làm Phó khối năm 2023.",
        "1. Triển khai đồng bộ công tác thi đua trên tất cả các lĩnh vực",
        "THƯ KÝ",
        "CHỦ TRÌ",
        "Trần Thị Ký",
    ]:
        assert expected in text, expected
    assert "2. " in text.split("1. Thời gian:")[1][:200]  # numbered from what is present
    assert (
        response["Content-Disposition"].endswith('.docx"')
        and "bien-ban-hoi-nghi-tong-ket" in response["Content-Disposition"]
    )
    ballot = Document(io.BytesIO(response.content)).tables[1]
    assert [c.text for c in ballot.rows[1].cells] == ["1", "Cơ quan C", "3", "75%", "Đạt"]


def test_print_view_renders_the_same_minutes(client, world, full_conference):
    client.force_login(world["ha"])
    html = client.get(reverse("conferences:print", args=[full_conference.pk])).content.decode()
    assert "BIÊN BẢN" in html and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Bắc Kạn, ngày 04 tháng 01 năm 2023" in html and "75%" in html
    assert "conferences/print.css" in html and "<script>" not in html.replace("<script src", "")


def test_docx_and_print_need_read_permission(client, world, full_conference):
    for name in ("conferences:docx", "conferences:print"):
        client.force_login(world["outsider"])
        assert client.get(reverse(name, args=[full_conference.pk])).status_code == 404


# --- Bloc page hook and query counts --------------------------------------------------------


def test_bloc_page_lists_the_years_conferences(client, world):
    client.force_login(world["member"])
    html = client.get(reverse("blocs:detail", args=[world["bloc"].pk]), {"year": 2022}).content.decode()
    assert world["c2022"].get_absolute_url() in html
    assert reverse("conferences:list", args=[world["bloc"].pk, 2022]) in html
    client.force_login(world["outsider"])
    html = client.get(reverse("blocs:detail", args=[world["bloc"].pk]), {"year": 2022}).content.decode()
    assert world["c2022"].get_absolute_url() not in html


@pytest.mark.parametrize("extra", [0, 8])
def test_conference_list_query_count_is_constant(client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        c = ConferenceFactory(bloc=world["bloc"], kind=Conference.Kind.OTHER)
        services.save_minutes(conference=c, attendance=[{"agency": x, "attended": True} for x in world["a"][:5]])
    client.force_login(world["ha"])
    # session, user, lineage (2), bloc, conferences with their counts, the bloc's years (menu)
    with django_assert_num_queries(7):
        response = client.get(reverse("conferences:list", args=[world["bloc"].pk, 2022]))
    assert len(response.context["conferences"]) == 1 + extra


@pytest.mark.parametrize("rows", [1, 6])
def test_conference_detail_query_count_is_constant(client, world, django_assert_num_queries, rows):
    a, c = world["a"], world["c2022"]
    services.save_minutes(
        conference=c,
        attendance=[{"agency": x, "attended": True} for x in a[:rows] if x != a[5]],
        guests=[{"name": f"Khách {i}"} for i in range(rows)],
        agenda=[f"Mục {i}" for i in range(rows)],
        documents=[f"Tài liệu {i}" for i in range(rows)],
        tasks=[{"text": f"Nhiệm vụ {i}", "responsible_agency": a[i % 5]} for i in range(rows)],
        movements=[{"text": f"Phong trào {i}"} for i in range(rows)],
        legal_bases=[{"number": f"{i}/QĐ"} for i in range(rows)],
    )
    for i in range(rows):
        services.save_vote(
            conference=c,
            kind=Vote.Kind.OTHER,
            award_form=flag_form(),
            candidates=[{"agency": a[i % 5], "won": True}, {"agency": a[(i + 1) % 5]}],
        )
        services.add_attachment(conference=c, upload=_upload(f"{i}.pdf", PDF), kind="photo")
    services.record_election(conference=c, leader=a[2], deputies=[a[1]])
    client.force_login(world["ha"])
    # session, user, lineage (2), conference, 9 lists, candidates, election
    with django_assert_num_queries(16):
        response = client.get(reverse("conferences:detail", args=[c.pk]))
    assert response.status_code == 200


def test_list_links_only_to_neighbouring_years_the_user_may_read(client, world):
    url = reverse("conferences:list", args=[world["bloc"].pk, 2022])
    client.force_login(world["member"])  # a member in 2022 and 2023, not in 2021
    response = client.get(url)
    assert (response.context["previous_year"], response.context["next_year"]) == (None, 2023)
    assert client.get(reverse("conferences:list", args=[world["bloc"].pk, 2023])).status_code == 200
    client.force_login(world["ha"])
    response = client.get(url)
    # The bloc's years start at its first roster (2022): no link to a year before any data.
    assert (response.context["previous_year"], response.context["next_year"]) == (None, 2023)
    this_year = datetime.date.today().year
    assert response.context["menu_years"] == list(range(2022, this_year + 2))
    assert client.get(url, {"year": 2023})["Location"] == reverse("conferences:list", args=[world["bloc"].pk, 2023])
