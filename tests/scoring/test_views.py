"""Scoring pages: who may see and do what (anonymous, other province, other agency, own agency,
leader officer in and outside its year, Home Affairs of another province and of the province,
admin), bad input as form errors with nothing written, the xlsx read back, pinned query counts."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs import services as bloc_services
from blocs.models import Movement
from blocs.uploads import MAX_UPLOAD_BYTES
from scoring import services
from scoring.models import Criterion, Pledge, Score, ScoringTable
from tests.factories import AgencyFactory
from tests.postdata import with_version
from tests.scoring.factories import entries, self_score_and_submit

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n%test\n"


def _get(client, world, who, url):
    if who is not None:
        client.force_login(world.users[who])
    return client.get(url)


def _score_all_and_finalise(world, t, finalise=True):
    for agency, user, pts in [
        (world.a, "officer_a", (8, 15, 5)),
        (world.b, "officer_b", (9, 18, 5)),
        (world.c, "officer_c", (7, 12, 3)),
    ]:
        self_score_and_submit(t, agency, world.users[user], pts)
        services.save_bloc_scores(table=t.table, agency=agency, entries=entries(t, *pts), user=None)
    if finalise:
        services.finalise(table=t.table, user=world.users["officer_a"])


# --- Permissions ----------------------------------------------------------------------------

BEFORE_FINAL = [
    (None, 302),
    ("officer_other", 404),
    ("ha_other", 404),
    ("officer_d", 403),  # another agency of the province, not a member
    ("officer_c", 403),  # a member: only its own self-score until finalisation
    ("officer_b", 403),  # leads the bloc in 2023, not in 2022
    ("officer_a", 200),  # leader officer of 2022
    ("ha", 200),
    ("admin", 200),
]


@pytest.mark.parametrize(("who", "expected"), BEFORE_FINAL)
def test_ranking_before_finalisation_by_role(client, world, t, who, expected):
    _score_all_and_finalise(world, t, finalise=False)
    response = _get(client, world, who, reverse("scoring:ranking", args=[world.bloc.pk, 2022]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other", 404),
        ("ha_other", 404),
        ("officer_d", 403),
        ("officer_c", 200),
        ("officer_b", 200),
        ("officer_a", 200),
        ("ha", 200),
        ("admin", 200),
    ],
)
def test_ranking_after_finalisation_all_members_see_it(client, world, t, who, expected):
    _score_all_and_finalise(world, t)
    response = _get(client, world, who, reverse("scoring:ranking", args=[world.bloc.pk, 2022]))
    assert response.status_code == expected
    if expected == 200:
        assert [r.agency.name for r in response.context["rows"]] == [
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
            "Cục Thi hành án dân sự tỉnh",
            "Công an tỉnh",
        ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other", 404),
        ("ha_other", 404),
        ("officer_d", 403),
        ("officer_c", 200),  # its own sheet
        ("officer_b", 403),  # another member's sheet
        ("officer_a", 200),
        ("ha", 200),
        ("admin", 200),
    ],
)
def test_self_sheet_of_a_member_by_role(client, world, t, who, expected):
    response = _get(client, world, who, reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]))
    assert response.status_code == expected


def test_other_members_sheets_stay_private_after_finalisation(client, world, t):
    _score_all_and_finalise(world, t)
    client.force_login(world.users["officer_c"])
    assert client.get(reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.b.pk])).status_code == 403
    assert client.get(reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk])).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other", 404),
        ("ha_other", 404),
        ("officer_d", 403),
        ("officer_c", 403),
        ("officer_b", 403),
        ("officer_a", 200),
        ("ha", 200),
        ("admin", 200),
    ],
)
def test_bloc_score_page_by_role(client, world, t, who, expected):
    response = _get(client, world, who, reverse("scoring:bloc_score", args=[world.bloc.pk, 2022, world.c.pk]))
    assert response.status_code == expected


def test_leader_officer_manages_only_in_its_year(client, world):
    client.force_login(world.users["officer_b"])  # leads in 2023 only
    assert client.post(reverse("scoring:table_create", args=[world.bloc.pk, 2022])).status_code == 403
    assert not ScoringTable.objects.exists()
    response = client.post(reverse("scoring:table_create", args=[world.bloc.pk, 2023]), {"copy": "0"})
    assert response.status_code == 302
    assert list(ScoringTable.objects.values_list("year", flat=True)) == [2023]
    assert client.get(reverse("scoring:movement_create", args=[world.bloc.pk, 2023])).status_code == 200
    assert client.get(reverse("scoring:movement_create", args=[world.bloc.pk, 2022])).status_code == 403


@pytest.mark.parametrize("who", ["officer_c", "officer_d", "officer_b", "ha_other", "officer_other"])
def test_wrong_roles_cannot_change_the_table_or_scores(client, world, t, who):
    self_score_and_submit(t, world.c, world.users["officer_c"])
    client.force_login(world.users[who])
    before = sorted(Score.objects.values_list("id", "points"))
    base = [world.bloc.pk, 2022]
    responses = [
        client.post(
            reverse("scoring:criterion_create", args=base), {"group": t.c1.group_id, "name": "X", "max_points": "5"}
        ),
        client.post(
            reverse("scoring:bloc_score", args=[*base, world.c.pk]),
            {f"points_{t.c1.id}": "1", f"points_{t.c2.id}": "1", f"points_{t.c3.id}": "1"},
        ),
        client.post(reverse("scoring:finalise", args=base)),
    ]
    assert [r.status_code for r in responses] == [404 if who in ("ha_other", "officer_other") else 403] * 3
    assert sorted(Score.objects.values_list("id", "points")) == before
    assert not Criterion.objects.filter(name="X").exists()
    t.table.refresh_from_db()
    assert t.table.finalised_at is None


def test_member_cannot_post_another_members_self_score(client, world, t):
    client.force_login(world.users["officer_b"])
    response = client.post(
        reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]), {f"points_{t.c1.id}": "10"}
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_home_affairs_reads_but_does_not_fill_a_members_self_score(client, world, t):
    client.force_login(world.users["ha"])
    url = reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {f"points_{t.c1.id}": "10"}).status_code == 403
    assert not Score.objects.exists()


def test_cross_score_page_refuses_own_agency(client, world):
    from tests.scoring.factories import build_table

    t = build_table(world.bloc, method=ScoringTable.Method.CROSS_AVERAGE)
    self_score_and_submit(t, world.a, world.users["officer_a"])
    client.force_login(world.users["officer_a"])
    assert client.get(reverse("scoring:cross_score", args=[world.bloc.pk, 2022, world.a.pk])).status_code == 403
    client.force_login(world.users["officer_b"])
    url = reverse("scoring:cross_score", args=[world.bloc.pk, 2022, world.a.pk])
    response = client.post(
        url,
        with_version(client, url, {f"points_{t.c1.id}": "7,5", f"points_{t.c2.id}": "15", f"points_{t.c3.id}": "5"}),
    )
    assert response.status_code == 302
    assert sorted(Score.objects.filter(kind="cross").values_list("scorer_id", "points")) == [
        (world.b.id, D("5.00")),
        (world.b.id, D("7.50")),
        (world.b.id, D("15.00")),
    ]
    client.force_login(world.users["officer_d"])  # not a member
    assert client.get(url).status_code == 403


# --- Forms: bad input is a Vietnamese error and writes nothing --------------------------------


def test_self_score_out_of_range_is_a_form_error(client, world, t):
    client.force_login(world.users["officer_c"])
    response = client.post(
        reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]),
        with_version(
            client,
            reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]),
            {f"points_{t.c1.id}": "10,5", f"points_{t.c2.id}": "abc", f"points_{t.c3.id}": "3"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập một số (chỉ dùng các chữ số 0-9)." in html
    assert not Score.objects.exists()
    response = client.post(
        reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]),
        with_version(
            client,
            reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]),
            {f"points_{t.c1.id}": "10,5", f"points_{t.c2.id}": "20", f"points_{t.c3.id}": "3"},
        ),
    )
    assert "Điểm của tiêu chí “Hoàn thành chỉ tiêu nghiệp vụ” phải từ 0 đến 10." in response.content.decode()
    assert not Score.objects.exists()


def test_self_score_saved_with_comma_decimal_and_evidence_file(client, world, t):
    client.force_login(world.users["officer_c"])
    url = reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk])
    response = client.post(
        url,
        with_version(
            client,
            url,
            {
                f"points_{t.c1.id}": "9,5",
                f"evidence_{t.c1.id}": "Báo cáo số 12/BC-CA",
                f"file_{t.c1.id}": SimpleUploadedFile("minh-chung.pdf", PDF, content_type="application/pdf"),
                f"points_{t.c2.id}": "18",
            },
        ),
    )
    assert response.status_code == 302
    score = Score.objects.get(criterion=t.c1)
    assert (score.points, score.evidence, score.updated_by) == (
        D("9.50"),
        "Báo cáo số 12/BC-CA",
        world.users["officer_c"],
    )
    # The attachment is served to its agency and the leader officer, not to another member.
    file_url = reverse("scoring:score_file", args=[score.pk])
    assert client.get(file_url).status_code == 200
    client.force_login(world.users["officer_a"])
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(world.users["officer_b"])
    assert client.get(file_url).status_code == 403
    client.force_login(world.users["officer_other"])
    assert client.get(file_url).status_code == 404


def test_submit_then_page_is_read_only(client, world, t):
    client.force_login(world.users["officer_c"])
    services.save_self_scores(table=t.table, agency=world.c, entries=entries(t, 8, 15, 5), user=None)
    response = client.post(reverse("scoring:sheet_submit", args=[world.bloc.pk, 2022, world.c.pk]), follow=True)
    assert "Đã gửi bản tự chấm điểm đến khối." in response.content.decode()
    url = reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk])
    assert response.context["editable"] is False
    assert client.post(url, {f"points_{t.c1.id}": "1"}).status_code == 403
    assert Score.objects.get(criterion=t.c1).points == D(8)


def test_table_edit_after_scoring_started_shows_lock_error(client, world, t):
    services.save_self_scores(table=t.table, agency=world.c, entries=entries(t, 8, None, None), user=None)
    client.force_login(world.users["officer_a"])
    response = client.post(
        reverse("scoring:criterion_edit", args=[world.bloc.pk, 2022, t.c1.pk]),
        with_version(
            client,
            reverse("scoring:criterion_edit", args=[world.bloc.pk, 2022, t.c1.pk]),
            {"group": t.c1.group_id, "position": 0, "name": "Đổi tên", "max_points": "30", "auto_source": ""},
        ),
    )
    assert response.status_code == 200
    assert "bảng tiêu chí đã bị khóa" in response.content.decode()
    t.c1.refresh_from_db()
    assert (t.c1.name, t.c1.max_points) == ("Hoàn thành chỉ tiêu nghiệp vụ", D(10))


def test_table_page_shows_total_maximum(client, world, t):
    client.force_login(world.users["officer_c"])
    response = client.get(reverse("scoring:table", args=[world.bloc.pk, 2022]))
    assert response.status_code == 200
    assert response.context["structure"].total_max == D(35)
    assert '<th class="num" data-testid="total-max">35</th>' in response.content.decode()


def test_bloc_score_form_saves_points_and_adjustments(client, world, t):
    self_score_and_submit(t, world.c, world.users["officer_c"])
    client.force_login(world.users["officer_a"])
    response = client.post(
        reverse("scoring:bloc_score", args=[world.bloc.pk, 2022, world.c.pk]),
        with_version(
            client,
            reverse("scoring:bloc_score", args=[world.bloc.pk, 2022, world.c.pk]),
            {
                f"points_{t.c1.id}": "7",
                f"points_{t.c2.id}": "12,25",
                f"points_{t.c3.id}": "3",
                f"quantity_{t.bonus.id}": "1",
                f"note_{t.bonus.id}": "Cờ thi đua của Bộ Công an",
                f"quantity_{t.penalty.id}": "2",
            },
        ),
    )
    assert response.status_code == 302
    from scoring import selectors

    [row] = [r for r in selectors.ranking(bloc=world.bloc, year=2022) if r.agency == world.c]
    assert (row.criteria_total, row.bonus, row.penalty, row.total) == (D("22.25"), D(2), D(3), D("21.25"))


def test_movement_plan_must_be_a_real_document(client, world):
    client.force_login(world.users["officer_a"])
    url = reverse("scoring:movement_create", args=[world.bloc.pk, 2022])
    data = {"name": "Hội thao", "kind": "periodic", "launch_date": "01/08/2022"}
    bad = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {**data, "plan_file": bad})
    assert response.status_code == 200
    assert "Nội dung tệp không phải là tệp PDF." in response.content.decode()
    exe = SimpleUploadedFile("ke-hoach.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {**data, "plan_file": exe})
    assert "Chỉ chấp nhận các loại tệp: PDF, DOC, DOCX." in response.content.decode()
    response = client.post(url, {**data, "launch_date": "01/08/2023"})
    assert "Ngày phát động phải trong năm 2022." in response.content.decode()
    assert not Movement.objects.exists()


def test_movement_plan_too_large_is_refused(client, world, settings):

    client.force_login(world.users["ha"])
    big = SimpleUploadedFile("ke-hoach.pdf", PDF + b"0" * (MAX_UPLOAD_BYTES), content_type="application/pdf")
    response = client.post(
        reverse("scoring:movement_create", args=[world.bloc.pk, 2022]),
        {"name": "Hội thao", "kind": "periodic", "launch_date": "01/08/2022", "plan_file": big},
    )
    assert "Tệp quá lớn" in response.content.decode()
    assert not Movement.objects.exists()


def test_movement_created_with_plan_and_served_only_in_scope(client, world):
    client.force_login(world.users["officer_a"])
    response = client.post(
        reverse("scoring:movement_create", args=[world.bloc.pk, 2022]),
        {
            "name": "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)",
            "kind": "periodic",
            "launch_date": "20/07/2022",
            "end_date": "02/09/2022",
            "launched_by": "Hội nghị sơ kết 6 tháng đầu năm 2022",
            "plan_file": SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert (movement.bloc, movement.province, movement.launch_date) == (
        world.bloc,
        world.province,
        datetime.date(2022, 7, 20),
    )
    url = reverse("scoring:movement_plan", args=[movement.pk])
    client.force_login(world.users["officer_d"])  # same province: may read
    assert client.get(url).status_code == 200
    client.force_login(world.users["officer_other"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # Edit: the leader officer of 2022 and Home Affairs; not another member.
    edit = reverse("scoring:movement_edit", args=[movement.pk])
    for who, expected in [("officer_c", 403), ("officer_b", 403), ("officer_a", 200), ("ha", 200), ("ha_other", 404)]:
        client.force_login(world.users[who])
        assert client.get(edit).status_code == expected, who


def test_pledge_by_own_agency_and_not_by_another(client, world):
    url = reverse("scoring:pledge", args=[world.bloc.pk, 2022, world.c.pk])
    data = {"signed_on": "01/03/2022", "signatory_name": "Nguyễn Văn C", "signatory_title": "Giám đốc"}
    client.force_login(world.users["officer_b"])
    assert client.post(url, with_version(client, url, data)).status_code == 403
    assert not Pledge.objects.exists()
    client.force_login(world.users["officer_c"])
    response = client.post(url, with_version(client, url, {**data, "signed_on": "31/02/2022"}))
    assert response.status_code == 200 and not Pledge.objects.exists()
    assert client.post(url, with_version(client, url, data)).status_code == 302
    assert list(Pledge.objects.values_list("agency__name", "signatory_name")) == [("Công an tỉnh", "Nguyễn Văn C")]
    page = client.get(reverse("scoring:covenant", args=[world.bloc.pk, 2022]))
    assert [a.name for a in page.context["cov"].unsigned] == [
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Cục Thi hành án dân sự tỉnh",
    ]


def test_pledge_for_non_member_is_404(client, world):
    client.force_login(world.users["ha"])
    assert client.get(reverse("scoring:pledge", args=[world.bloc.pk, 2022, world.d.pk])).status_code == 404


def test_finalise_not_ready_shows_the_reason(client, world, t):
    client.force_login(world.users["officer_a"])
    response = client.post(reverse("scoring:finalise", args=[world.bloc.pk, 2022]), follow=True)
    assert "Chưa gửi bản tự chấm điểm:" in response.content.decode()
    t.table.refresh_from_db()
    assert t.table.finalised_at is None


# --- Export -----------------------------------------------------------------------------------


def test_ranking_xlsx_reads_back(client, world, t):
    _score_all_and_finalise(world, t)
    services_note = '=HYPERLINK("http://x")'
    world.c.name = services_note + " Công an"
    world.c.save()
    client.force_login(world.users["officer_c"])
    response = client.get(reverse("scoring:ranking_xlsx", args=[world.bloc.pk, 2022]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2022" in [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "xep-hang-thi-dua-2022-khoi-thi-dua-so-6" in response["Content-Disposition"]
    ws = wb["Xếp hạng"]
    head = next(r for r in ws.iter_rows(min_row=1) if r[1].value == "Cơ quan, đơn vị")[0].row
    assert [c.value for c in ws[head]] == [
        "Xếp hạng",
        "Cơ quan, đơn vị",
        "Vai trò",
        "Tự chấm",
        "Điểm tiêu chí",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
    ]
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=head + 1, max_row=head + 3)]
    assert body == [
        [1, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Phó khối", 32, 32, 0, 0, 32],
        [2, "Cục Thi hành án dân sự tỉnh", "Trưởng khối", 28, 28, 0, 0, 28],
        [3, services_note + " Công an", "Thành viên", 22, 22, 0, 0, 22],
    ]


def test_ranking_xlsx_permission_follows_the_page(client, world, t):
    _score_all_and_finalise(world, t, finalise=False)
    client.force_login(world.users["officer_c"])
    assert client.get(reverse("scoring:ranking_xlsx", args=[world.bloc.pk, 2022])).status_code == 403


# --- Query counts ------------------------------------------------------------------------------


def _grow(world, t, extra):
    members = [world.a, world.b, world.c] + [AgencyFactory(province=world.province) for _ in range(extra)]
    bloc_services.set_roster(bloc=world.bloc, year=2022, agencies=members, leader=world.a, deputies=[world.b])
    for agency in members:
        self_score_and_submit(t, agency, None)
        services.save_bloc_scores(
            table=t.table, agency=agency, entries=entries(t, 8, 15, 5), adjustments={t.bonus: (1, "")}, user=None
        )
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    for i, agency in enumerate(members[3:]):
        services.save_target(covenant=covenant, text=f"Chỉ tiêu {i}")
        services.record_pledge(
            covenant=covenant, agency=agency, signed_on=datetime.date(2022, 3, 1), signatory_name="A"
        )
        Movement.objects.create(
            province=world.province, bloc=world.bloc, name=f"PT {i}", launch_date=datetime.date(2022, 5, 1)
        )


@pytest.mark.parametrize("extra", [0, 9])
def test_ranking_page_query_count_is_constant(client, world, t, django_assert_num_queries, extra):
    _grow(world, t, extra)
    client.force_login(world.users["ha"])
    # session, user, bloc, lineage (2), roster, table, 7 ranking reads, votes, structure (4)
    with django_assert_num_queries(17):
        response = client.get(reverse("scoring:ranking", args=[world.bloc.pk, 2022]))
    assert len(response.context["rows"]) == 3 + extra


@pytest.mark.parametrize("extra", [0, 9])
def test_table_page_query_count_is_constant(client, world, t, django_assert_num_queries, extra):
    for i in range(extra):
        services.save_criterion(table=t.table, group=t.c1.group, name=f"Tiêu chí {i}", max_points=D(1))
        services.save_adjustment_item(table=t.table, kind="penalty", name=f"Trừ {i}", points=D(1))
    client.force_login(world.users["officer_c"])
    # session, user, agency, lineage, bloc, roster, table, structure (4), context processor
    with django_assert_num_queries(12):
        client.get(reverse("scoring:table", args=[world.bloc.pk, 2022]))


@pytest.mark.parametrize("extra", [0, 9])
def test_overview_movements_and_covenant_query_counts(client, world, t, django_assert_num_queries, extra):
    _grow(world, t, extra)
    client.force_login(world.users["officer_a"])
    base = [world.bloc.pk, 2022]
    with django_assert_num_queries(13):
        client.get(reverse("scoring:overview", args=base))
    with django_assert_num_queries(8):
        client.get(reverse("scoring:movements", args=base))
    with django_assert_num_queries(10):
        client.get(reverse("scoring:covenant", args=base))


@pytest.mark.parametrize("extra", [0, 9])
def test_self_sheet_query_count_is_constant(client, world, t, django_assert_num_queries, extra):
    for i in range(extra):
        services.save_criterion(table=t.table, group=t.c1.group, name=f"Tiêu chí {i}", max_points=D(1))
    services.save_self_scores(table=t.table, agency=world.c, entries=entries(t, 8, 15, 5), user=None)
    client.force_login(world.users["officer_c"])
    with django_assert_num_queries(15):
        client.get(reverse("scoring:sheet", args=[world.bloc.pk, 2022, world.c.pk]))


# --- Every page renders -------------------------------------------------------------------------


def test_every_page_renders_for_home_affairs_and_admin(client, world, t):
    _score_all_and_finalise(world, t, finalise=False)
    movement = Movement.objects.create(
        province=world.province, bloc=world.bloc, name="Hội thao", launch_date=datetime.date(2022, 8, 1)
    )
    covenant = services.save_covenant(bloc=world.bloc, year=2022)
    target = services.save_target(covenant=covenant, text="Giải quyết 100 phần trăm đơn thư", target_value=D(100))
    base = [world.bloc.pk, 2022]
    urls = [
        reverse("scoring:overview", args=base),
        reverse("scoring:movements", args=base),
        reverse("scoring:movement_create", args=base),
        reverse("scoring:province_movements", args=[world.province.pk]) + "?year=2022",
        reverse("scoring:province_movement_create", args=[world.province.pk]),
        reverse("scoring:movement_edit", args=[movement.pk]),
        reverse("scoring:covenant", args=base),
        reverse("scoring:covenant_edit", args=base),
        reverse("scoring:target_create", args=base),
        reverse("scoring:target_edit", args=[*base, target.pk]),
        reverse("scoring:pledge", args=[*base, world.c.pk]),
        reverse("scoring:table", args=base),
        reverse("scoring:table", args=[world.bloc.pk, 2023]),
        reverse("scoring:table_settings", args=base),
        reverse("scoring:group_create", args=base),
        reverse("scoring:group_edit", args=[*base, t.c1.group_id]),
        reverse("scoring:criterion_create", args=base),
        reverse("scoring:criterion_edit", args=[*base, t.c1.pk]),
        reverse("scoring:item_create", args=base),
        reverse("scoring:item_edit", args=[*base, t.bonus.pk]),
        reverse("scoring:sheet", args=[*base, world.b.pk]),
        reverse("scoring:bloc_score", args=[*base, world.b.pk]),
        reverse("scoring:ranking", args=base),
        reverse("scoring:ranking_xlsx", args=base),
    ]
    for who in ("ha", "admin"):
        client.force_login(world.users[who])
        for url in urls:
            assert client.get(url).status_code == 200, (who, url)


def test_bloc_page_links_to_scoring_and_home_lists_pending_self_assessment(client, world, t):
    client.force_login(world.users["officer_c"])
    html = client.get(reverse("blocs:detail", args=[world.bloc.pk]) + "?year=2022").content.decode()
    assert reverse("scoring:overview", args=[world.bloc.pk, 2022]) in html
    html = client.get(reverse("home")).content.decode()
    assert 'data-todo="self-assessment"' in html and "Khối Thi đua số 6 — 2022" in html
    self_score_and_submit(t, world.c, world.users["officer_c"])
    assert 'data-todo="self-assessment"' not in client.get(reverse("home")).content.decode()


def test_ranking_shows_the_annual_vote_beside_the_rank(client, world, t):
    from conferences.models import Candidate, Conference, Vote
    from tests.scoring.factories import award_form

    _score_all_and_finalise(world, t)
    conference = Conference.objects.create(bloc=world.bloc, kind="annual", year=2022, date=datetime.date(2023, 1, 4))
    vote = Vote.objects.create(
        conference=conference,
        kind="flag",
        award_form=award_form(),
        award_label="Cờ thi đua của UBND tỉnh",
        ballots_issued=3,
        ballots_returned=3,
        ballots_valid=3,
        ballots_invalid=0,
    )
    Candidate.objects.create(vote=vote, agency=world.b, votes=3, won=True)
    Candidate.objects.create(vote=vote, agency=world.a, votes=0, won=False)
    client.force_login(world.users["officer_c"])
    response = client.get(reverse("scoring:ranking", args=[world.bloc.pk, 2022]))
    rows = response.context["rows"]
    assert [(r.rank, r.agency.name, [(v.label, v.votes, v.won) for v in r.votes]) for r in rows] == [
        (1, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", [("Cờ thi đua của UBND tỉnh", 3, True)]),
        (2, "Cục Thi hành án dân sự tỉnh", [("Cờ thi đua của UBND tỉnh", 0, False)]),
        (3, "Công an tỉnh", []),
    ]
    html = response.content.decode()
    assert "Kết quả bình xét, suy tôn" in html and "được suy tôn" in html
    ws = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("scoring:ranking_xlsx", args=[world.bloc.pk, 2022])).content)
    )["Xếp hạng"]
    head = next(r for r in ws.iter_rows(min_row=1) if r[1].value == "Cơ quan, đơn vị")[0].row
    assert ws.cell(row=head, column=9).value == "Kết quả bình xét, suy tôn"
    assert ws.cell(row=head + 1, column=9).value == "Cờ thi đua của UBND tỉnh (3) ✓"
