"""Award pages for every kind of user, the grid's validation and concurrency, and pinned query counts."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from awards import services
from awards.models import AwardForm, AwardRecord, PeriodEvent, ReportingPeriod, Submission
from blocs import services as bloc_services
from tests.awards.factories import grid_post, period, row, save
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db


def _grid_url(world, index=2, p=None):
    return reverse("awards:grid", args=[(p or world["period"]).pk, world["agencies"][index].pk])


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _snapshot():
    return (
        sorted(
            AwardRecord.objects.values_list(
                "agency_id", "form__code", "authority", "status", "collectives", "individuals"
            )
        ),
        sorted(Submission.objects.values_list("agency_id", "state", "version")),
    )


def _form_id(code):
    return AwardForm.objects.get(code=code).pk


# --- Access ----------------------------------------------------------------------------------

WHO_GRID = [
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


@pytest.mark.parametrize(("who", "expected"), WHO_GRID)
def test_grid_access_by_role(client, world, who, expected):
    save(world["agencies"][2], world["period"], [row(collectives=1)])  # a draft exists
    response = _as(client, world.get(who)).get(_grid_url(world))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "expected", "editable"),
    [("officer", 200, True), ("leader_officer", 200, False), ("ha", 200, True), ("admin", 200, True)],
)
def test_grid_editable_by_the_agency_and_home_affairs(client, world, who, expected, editable):
    response = _as(client, world[who]).get(_grid_url(world))
    assert response.status_code == expected
    assert response.context["can_edit"] is editable
    assert ('data-testid="grid"' in response.content.decode()) is editable


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other_province", 404),
        ("ha_other", 404),
        ("officer_same_bloc", 404),
        ("leader_officer", 403),
    ],
)
def test_grid_post_by_others_writes_nothing(client, world, who, expected):
    before = _snapshot()
    data = grid_post([{"form": _form_id("giay-khen"), "collectives": 5}])
    response = _as(client, world.get(who)).post(_grid_url(world), data)
    assert response.status_code == expected
    assert _snapshot() == before


def test_leader_outside_its_year_sees_nothing(client, world):
    a = world["agencies"]
    bloc_services.set_roster(bloc=world["bloc1"], year=2023, agencies=a[:3], leader=a[1])
    p2023 = period(world["province"], year=2023)
    client.force_login(world["leader_officer"])
    assert client.get(_grid_url(world, 2, p2023)).status_code == 404
    assert client.get(reverse("awards:board", args=[p2023.pk])).status_code == 403
    client.force_login(world["officer_same_bloc"])  # the 2023 leader
    assert client.get(_grid_url(world, 2, p2023)).status_code == 200
    assert client.get(reverse("awards:board", args=[p2023.pk])).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other_province", 404),
        ("ha_other", 404),
        ("officer", 403),
        ("officer_other_bloc", 403),
        ("leader_officer", 200),
        ("ha", 200),
        ("admin", 200),
    ],
)
def test_board_access_by_role(client, world, who, expected):
    response = _as(client, world.get(who)).get(reverse("awards:board", args=[world["period"].pk]))
    assert response.status_code == expected


def test_leader_board_shows_only_its_bloc(client, world):
    client.force_login(world["leader_officer"])
    response = client.get(reverse("awards:board", args=[world["period"].pk]))
    assert [r.agency.name for r in response.context["board"].rows] == ["Cơ quan A", "Cơ quan B", "Cơ quan C"]
    # and asking for the other bloc does not widen it
    response = client.get(reverse("awards:board", args=[world["period"].pk]), {"bloc": world["bloc2"].pk})
    assert [r.agency.name for r in response.context["board"].rows] == ["Cơ quan A", "Cơ quan B", "Cơ quan C"]


def test_board_page_shows_counts_and_filter(client, world):
    a, p = world["agencies"], world["period"]
    save(a[3], p, [row(collectives=3, individuals=4)], submit=True)
    client.force_login(world["ha"])
    html = client.get(reverse("awards:board", args=[p.pk])).content.decode()
    assert "1 / 5 đã nộp" in html
    html = client.get(reverse("awards:board", args=[p.pk]), {"bloc": world["bloc2"].pk}).content.decode()
    assert "1 / 2 đã nộp" in html
    assert html.count('data-testid="accept"') == 1


def test_board_rows_read_from_the_cache_carry_this_request_csrf_token_and_this_viewer_actions(world):
    """The rows' HTML is cached per kind of viewer with a slot for the CSRF token: a leader's
    officer reading after Home Affairs gets no button on its own agency's row, and a second
    browser reads the cached rows and accepts a report with the token written into them."""
    a, p = world["agencies"], world["period"]
    for agency in (a[0], a[1], a[3]):
        save(agency, p, [row(collectives=3)], submit=True)
    url = reverse("awards:board", args=[p.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(world["ha"])
    assert first.get(url).content.decode().count('data-testid="accept"') == 3
    leader = Client()
    leader.force_login(world["leader_officer"])
    leader_html = leader.get(url).content.decode()
    assert leader_html.count('data-testid="accept"') == 1  # A1's; its own A0 is not its to accept
    second = Client(enforce_csrf_checks=True)
    second.force_login(world["ha"])
    html = second.get(url).content.decode()
    assert "\x00" not in html and html.count('data-testid="accept"') == 3
    action, token = re.search(
        r'<form method="post" action="([^"]+)" class="d-inline"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)">',
        html,
    ).groups()
    assert second.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    assert Submission.objects.filter(period=p, state=Submission.State.ACCEPTED).count() == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer", 403), ("leader_officer", 403), ("ha_other", 404), ("ha", 302), ("admin", 302)],
)
def test_close_period_by_role(client, world, who, expected):
    response = _as(client, world[who]).post(reverse("awards:period_close", args=[world["period"].pk]))
    assert response.status_code == expected
    world["period"].refresh_from_db()
    assert world["period"].is_open is (expected != 302)


def test_reopen_period_requires_reason(client, world):
    services.close_period(period=world["period"], actor=world["ha"])
    client.force_login(world["ha"])
    url = reverse("awards:period_reopen", args=[world["period"].pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Hãy nêu lý do." in response.content.decode()
    world["period"].refresh_from_db()
    assert not world["period"].is_open
    response = client.post(url, {"reason": "Bổ sung số liệu Công an tỉnh"})
    assert response.status_code == 302
    assert PeriodEvent.objects.filter(period=world["period"], action="reopened").get().reason == (
        "Bổ sung số liệu Công an tỉnh"
    )


def test_reopen_by_officer_forbidden(client, world):
    services.close_period(period=world["period"], actor=world["ha"])
    response = _as(client, world["officer"]).post(
        reverse("awards:period_reopen", args=[world["period"].pk]), {"reason": "x"}
    )
    assert response.status_code == 403


def test_create_period_as_home_affairs(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("awards:period_create"),
        {"province": world["province"].pk, "year": 2023, "kind": "year", "end_date": "15/12/2023"},
    )
    assert response.status_code == 302
    p = ReportingPeriod.objects.get(year=2023)
    assert (p.start_date, p.end_date, p.deadline) == (
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 15),
        datetime.date(2023, 12, 30),
    )


def test_create_period_for_another_province_refused(client, world):
    client.force_login(world["ha_other"])
    response = client.post(
        reverse("awards:period_create"), {"province": world["province"].pk, "year": 2023, "kind": "h1"}
    )
    assert response.status_code == 200
    assert ReportingPeriod.objects.filter(year=2023).count() == 0


def test_create_period_duplicate_shows_error(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("awards:period_create"), {"province": world["province"].pk, "year": 2022, "kind": "h1"}
    )
    assert "Tỉnh này đã có kỳ báo cáo này." in response.content.decode()


def test_create_period_by_officer_forbidden(client, world):
    assert _as(client, world["officer"]).get(reverse("awards:period_create")).status_code == 403


def test_edit_period(client, world):
    client.force_login(world["ha"])
    url = reverse("awards:period_edit", args=[world["period"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, with_version(client, url, {"start_date": "01/01/2022", "end_date": "15/06/2022", "deadline": "30/06/2022"})
    )
    assert response.status_code == 302
    world["period"].refresh_from_db()
    assert world["period"].end_date == datetime.date(2022, 6, 15)
    assert _as(client, world["officer"]).get(url).status_code == 403


# --- Review from the board -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "agency_index", "expected", "state"),
    [
        ("officer_same_bloc", 2, 404, "submitted"),
        ("officer", 2, 403, "submitted"),  # its own report
        ("ha_other", 2, 404, "submitted"),
        ("leader_officer", 0, 403, "submitted"),  # the leader's own report
        ("leader_officer", 2, 302, "accepted"),
        ("ha", 2, 302, "accepted"),
        ("admin", 2, 302, "accepted"),
    ],
)
def test_accept_by_role(client, world, who, agency_index, expected, state):
    sub = save(world["agencies"][agency_index], world["period"], [row(collectives=1)], submit=True)
    response = _as(client, world[who]).post(reverse("awards:accept", args=[sub.pk]))
    assert response.status_code == expected
    sub.refresh_from_db()
    assert sub.state == state


def test_return_with_reason_from_board(client, world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    client.force_login(world["ha"])
    board_url = reverse("awards:board", args=[world["period"].pk])
    response = client.post(reverse("awards:return", args=[sub.pk]), {"reason": "Sai cấp khen", "next": board_url})
    assert response.status_code == 302 and response["Location"] == board_url
    sub.refresh_from_db()
    assert sub.state == "returned"
    assert sub.events.last().reason == "Sai cấp khen" and sub.events.last().actor == world["ha"]
    html = client.get(board_url).content.decode()
    assert "Sai cấp khen" in html
    # the officer sees why, and may edit again
    client.force_login(world["officer"])
    response = client.get(_grid_url(world))
    assert response.context["can_edit"] is True
    assert "Sai cấp khen" in response.content.decode()


def test_return_without_reason_changes_nothing(client, world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    client.force_login(world["ha"])
    response = client.post(reverse("awards:return", args=[sub.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Hãy nêu lý do." in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "submitted"


def test_return_redirect_ignores_foreign_next(client, world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    client.force_login(world["ha"])
    response = client.post(reverse("awards:return", args=[sub.pk]), {"reason": "x", "next": "https://evil.example/"})
    assert response["Location"] == reverse("awards:board", args=[world["period"].pk])


# --- The entry grid --------------------------------------------------------------------------


def test_grid_save_and_submit(client, world):
    client.force_login(world["officer"])
    data = grid_post(
        [
            {
                "form": _form_id("giay-khen"),
                "authority": "Giám đốc",
                "collectives": 2,
                "individuals": 5,
                "decision_date": datetime.date(2022, 3, 1),
                "decision_number": "15/QĐ",
            },
            {
                "form": _form_id("bang-khen-bo-tinh"),
                "authority": "Chủ tịch UBND tỉnh",
                "status": "proposed",
                "collectives": 1,
            },
            {},  # a blank row added and left empty is ignored
        ]
    )
    response = client.post(_grid_url(world), data)
    assert response.status_code == 302
    sub = Submission.objects.get()
    assert (sub.state, sub.version) == ("draft", 1)
    assert sorted(AwardRecord.objects.values_list("form__code", "status", "collectives", "individuals")) == [
        ("bang-khen-bo-tinh", "proposed", 1, 0),
        ("giay-khen", "granted", 2, 5),
    ]
    response = client.get(_grid_url(world))
    assert response.context["total"].granted.collectives == 2
    assert response.context["total"].proposed.collectives == 1
    data = grid_post(
        [{"form": _form_id("giay-khen"), "authority": "Giám đốc", "collectives": 2, "individuals": 5}],
        version=1,
        action="submit",
        initial=1,
    )
    assert client.post(_grid_url(world), data).status_code == 302
    sub.refresh_from_db()
    assert (sub.state, sub.version) == ("submitted", 2)
    assert AwardRecord.objects.count() == 1
    assert client.get(_grid_url(world)).context["can_edit"] is False


def test_grid_delete_row(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=1), row("cstd-co-so", individuals=2)])
    client.force_login(world["officer"])
    data = grid_post(
        [
            {"form": _form_id("giay-khen"), "authority": "Thủ trưởng cơ quan, đơn vị", "collectives": 1},
            {
                "form": _form_id("cstd-co-so"),
                "authority": "Thủ trưởng cơ quan, đơn vị",
                "individuals": 2,
                "DELETE": True,
            },
        ],
        version=1,
        initial=2,
    )
    assert client.post(_grid_url(world), data).status_code == 302
    assert list(AwardRecord.objects.values_list("form__code", flat=True)) == ["giay-khen"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"form": "giay-khen", "collectives": "mười"}, "Nhập một số nguyên (chỉ dùng các chữ số 0-9)."),
        ({"form": "giay-khen", "collectives": "-3"}, "Số lượng không được âm."),
        ({"form": "giay-khen", "individuals": "1000001"}, "Số lượng không được vượt quá 1.000.000."),
        ({"form": "giay-khen"}, "Nhập ít nhất một tập thể hoặc một cá nhân."),
        ({"form": "cstd-co-so", "collectives": "1"}, "“Chiến sĩ thi đua cơ sở” không dùng để khen thưởng tập thể."),
        ({"form": "co-thi-dua-bo-tinh", "individuals": "1"}, "không dùng để khen thưởng cá nhân."),
        ({"form": "giay-khen", "collectives": "1", "decision_date": "01/07/2022"}, "từ 01/01/2022 đến 30/06/2022"),
        ({"form": "giay-khen", "collectives": "1", "decision_date": "31/02/2022"}, "Nhập một ngày hợp lệ."),
        ({"form": "", "collectives": "1"}, "Hãy chọn hình thức khen thưởng."),
    ],
    ids=[
        "text",
        "negative",
        "too-large",
        "empty",
        "no-collectives",
        "no-individuals",
        "date-outside",
        "bad-date",
        "no-form",
    ],
)
def test_grid_row_errors_in_vietnamese_write_nothing(client, world, values, message):
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=3)])
    before = _snapshot()
    client.force_login(world["officer"])
    values = dict(values)
    values["form"] = _form_id(values["form"]) if values["form"] else ""
    data = grid_post(
        [{"form": _form_id("ky-niem-chuong"), "authority": "Thủ trưởng cơ quan, đơn vị", "individuals": 3}, values],
        version=1,
        initial=1,
    )
    response = client.post(_grid_url(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_grid_duplicate_rows_refused(client, world):
    client.force_login(world["officer"])
    data = grid_post(
        [
            {"form": _form_id("giay-khen"), "authority": "Chánh án", "collectives": 1},
            {"form": _form_id("giay-khen"), "authority": "chánh  án", "individuals": 4},
        ]
    )
    response = client.post(_grid_url(world), data)
    assert "Trùng hình thức, cấp khen thưởng và tình trạng với dòng 1" in response.content.decode()
    assert AwardRecord.objects.count() == 0 and Submission.objects.count() == 0


def test_grid_lists_cell_and_rule_errors_at_once_in_a_summary(client, world):
    client.force_login(world["officer"])
    data = grid_post(
        [
            {"form": _form_id("giay-khen"), "authority": "Chánh án", "collectives": 1},
            {"form": _form_id("giay-khen"), "authority": "B", "collectives": "mười"},  # cell error
            {"form": _form_id("cstd-co-so"), "authority": "C", "collectives": 2},  # rule: individuals only
            {"form": _form_id("giay-khen"), "authority": "chánh án", "individuals": 4},  # rule: same as row 1
        ]
    )
    response = client.post(_grid_url(world), data)
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html and "3 dòng có lỗi: chưa lưu gì." in html
    assert re.findall(r'data-error-row="(\d+)"', html) == ["2", "3", "4"]
    assert 'id="row-4"' in html
    assert "Trùng hình thức, cấp khen thưởng và tình trạng với dòng 1" in html
    assert "Số tập thể: “Chiến sĩ thi đua cơ sở” không dùng để khen thưởng tập thể." in html
    assert AwardRecord.objects.count() == 0 and Submission.objects.count() == 0


def test_grid_add_row_saves_nothing(client, world):
    client.force_login(world["officer"])
    data = grid_post([{"form": _form_id("giay-khen"), "collectives": 1}], action="add_row")
    response = client.post(_grid_url(world), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert Submission.objects.count() == 0


def _browser_rows(n):
    """`n` distinct rows with every field a browser posts (9 per row, the unticked delete box aside)."""
    return [
        {
            "form": _form_id("giay-khen"),
            "authority": f"Thủ trưởng đơn vị {i + 1}",
            "status": "granted",
            "collectives": 1,
            "individuals": i % 3,
            "decision_number": f"{i + 1}/QĐ",
            "decision_date": "",
            "movement_name": "",
            "note": "",
        }
        for i in range(n)
    ]


def test_grid_saves_a_report_of_150_rows(client, world):
    client.force_login(world["officer"])
    data = grid_post(_browser_rows(150))
    assert len(data) > 1_000  # more fields than Django's default limit
    response = client.post(_grid_url(world), data)
    assert response.status_code == 302
    assert AwardRecord.objects.count() == 150
    assert sum(AwardRecord.objects.values_list("collectives", flat=True)) == 150


def test_grid_refuses_more_rows_than_a_report_holds_and_writes_nothing(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=2)])
    before = _snapshot()
    client.force_login(world["officer"])
    response = client.post(_grid_url(world), grid_post(_browser_rows(501), version=1))
    assert response.status_code == 200
    assert "Một báo cáo có tối đa 500 dòng." in response.content.decode()
    assert len(response.context["formset"].forms) == 501  # shown back: nothing typed is lost
    assert _snapshot() == before


def test_grid_add_row_stops_at_the_limit(client, world):
    client.force_login(world["officer"])
    response = client.post(_grid_url(world), grid_post(_browser_rows(500), action="add_row"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 500
    assert "Một báo cáo có tối đa 500 dòng." in response.content.decode()
    assert Submission.objects.count() == 0


def test_grid_stale_save_refused_with_changes_then_deliberate_save(client, world):
    a, p = world["agencies"][2], world["period"]
    save(a, p, [row(collectives=2)])  # version 1, opened by two people
    save(a, p, [row(collectives=3), row("cstd-co-so", individuals=1)])  # the first saves version 2
    before = _snapshot()
    client.force_login(world["officer"])
    data = grid_post(
        [{"form": _form_id("giay-khen"), "authority": "Thủ trưởng cơ quan, đơn vị", "collectives": 9}],
        version=1,
        initial=1,
    )
    response = client.post(_grid_url(world), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Người khác đã lưu báo cáo này sau khi bạn mở" in html
    assert "Thêm: Chiến sĩ thi đua cơ sở" in html
    assert "Sửa: Giấy khen" in html
    assert _snapshot() == before
    assert response.context["version_form"].initial["version"] == 2
    data["version"] = "2"
    assert client.post(_grid_url(world), data).status_code == 302
    assert list(AwardRecord.objects.values_list("form__code", "collectives")) == [("giay-khen", 9)]


def test_full_year_grid_copies_first_half(client, world):
    a = world["agencies"][2]
    save(a, world["period"], [row(collectives=4, individuals=6)])
    year = period(world["province"], kind=ReportingPeriod.Kind.YEAR)
    client.force_login(world["officer"])
    url = _grid_url(world, 2, year)
    response = client.get(url)
    assert response.context["offer_copy"] is True
    response = client.get(url, {"copy": "h1"})
    forms = response.context["formset"].forms
    assert forms[0].initial["collectives"] == 4 and forms[0].initial["individuals"] == 6
    assert AwardRecord.objects.filter(period=year).count() == 0  # nothing saved until Save


def test_closed_period_grid_is_read_only(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=1)])
    services.close_period(period=world["period"], actor=world["ha"])
    client.force_login(world["officer"])
    response = client.get(_grid_url(world))
    assert response.context["can_edit"] is False
    before = _snapshot()
    data = grid_post([{"form": _form_id("giay-khen"), "collectives": 5}], version=1)
    assert client.post(_grid_url(world), data).status_code == 403
    assert _snapshot() == before


def test_period_list_for_officer_and_home_affairs(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    client.force_login(world["officer"])
    html = client.get(reverse("awards:periods")).content.decode()
    assert 'data-testid="my-figures"' in html and 'data-testid="board-link"' not in html
    client.force_login(world["leader_officer"])
    assert 'data-testid="board-link"' in client.get(reverse("awards:periods")).content.decode()
    client.force_login(world["ha"])
    response = client.get(reverse("awards:periods"))
    assert [r["period"].submitted_count for r in response.context["rows"]] == [1]
    client.force_login(world["ha_other"])
    assert client.get(reverse("awards:periods")).context["rows"] == []


def test_home_page_lists_officer_todo(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-todo="grid-due"' in html
    assert _grid_url(world) in html


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("n_rows", [1, 50])
def test_grid_query_count_is_constant(client, world, django_assert_num_queries, n_rows):
    forms = list(AwardForm.objects.filter(recipients="both")[:10])
    rows = [row(forms[i % 10].code, authority=f"Cấp {i}", collectives=1, individuals=i) for i in range(n_rows)]
    save(world["agencies"][2], world["period"], rows)
    client.force_login(world["officer"])
    # session, user, the user's agency, lineage, period, agency, submission, records, forms,
    # authorities, movements, level totals, events, the header's province
    with django_assert_num_queries(14):
        response = client.get(_grid_url(world))
    assert len(response.context["formset"].forms) == n_rows + 1


@pytest.mark.parametrize("n_agencies", [1, 50])
def test_board_query_count_is_constant(client, django_assert_num_queries, n_agencies):
    province = ProvinceFactory()
    agencies = [AgencyFactory(province=province) for _ in range(n_agencies)]
    bloc_services.set_roster(bloc=BlocFactory(province=province), year=2022, agencies=agencies)
    p = period(province)
    staff = home_affairs(province)
    for i, a in enumerate(agencies):
        submission = save(a, p, [row(collectives=1), row("cstd-co-so", individuals=2)], submit=True)
        if i % 2 == 0:  # every other report returned twice: the board shows the latest reason
            services.return_submission(submission=submission, actor=staff, reason="Thiếu quyết định")
            save(a, p, [row(collectives=1), row("cstd-co-so", individuals=2)], submit=True)
            services.return_submission(submission=submission, actor=staff, reason=f"Sai cấp khen {i}")
    client.force_login(staff)
    # session, user, lineage (2), period, board rows, the records summed per agency (one grouped
    # aggregate), return reasons, the blocs' own totals, who entered figures (when someone did),
    # period events
    caches["reports"].clear()
    with django_assert_num_queries(10 + 1):  # + the data version
        response = client.get(reverse("awards:board", args=[p.pk]))
    # cached rows and their HTML: session, user, lineage (2), period, the data version (once for
    # both), period events
    with django_assert_num_queries(7):
        again = client.get(reverse("awards:board", args=[p.pk]))
    token = rb'name="csrfmiddlewaretoken" value="[^"]*"'
    assert re.sub(token, b"", again.content) == re.sub(token, b"", response.content)
    board = response.context["board"]
    assert board.total == n_agencies
    assert board.granted.individuals == 2 * n_agencies
    expected = {a.id: f"Sai cấp khen {i}" if i % 2 == 0 else "" for i, a in enumerate(agencies)}
    assert {r.agency.id: r.return_reason for r in board.rows} == expected


@pytest.mark.parametrize("n_periods", [1, 20])
def test_period_list_query_count_is_constant(client, django_assert_num_queries, n_periods):
    province = ProvinceFactory()
    for year in range(2000, 2000 + n_periods):
        period(province, year=year)
    agency = AgencyFactory(province=province)
    client.force_login(officer(agency))
    # session, user, lineage (2), periods, my submissions, my leader years, manageable provinces,
    # the provinces' years (menu)
    with django_assert_num_queries(9):
        response = client.get(reverse("awards:periods"))
    assert len(response.context["rows"]) == n_periods


def test_grid_of_500_rows_carries_the_award_form_list_once(client, world):
    """Each saved row's form select holds its chosen option only; the whole list is in the page
    once, for grid.js to copy into them (issue 12: it was ~50 options in each of 500 rows)."""
    client.force_login(world["officer"])
    assert client.post(_grid_url(world), grid_post(_browser_rows(500))).status_code == 302
    html = client.get(_grid_url(world)).content.decode()
    forms = AwardForm.objects.filter(active=True).count()
    assert html.count('data-options="award-form-options"') == 500
    assert html.count('<template id="award-form-options">') == 1
    selects = re.findall(r'<select name="rows-(?:\d+|__prefix__)-form".*?</select>', html, re.S)
    assert len(selects) == 500 + 1  # the rows and the new-row template
    chosen = f'<option value="{_form_id("giay-khen")}" selected>'
    assert all(s.count("<option ") == 2 and chosen in s for s in selects[:500])
    assert selects[500].count("<option ") == forms + 1
    template = html.split('<template id="award-form-options">')[1].split("</template>")[0]
    assert template.count("<option ") == forms + 1 and " selected" not in template


def test_grid_row_without_a_form_chosen_offers_every_form(client, world):
    """Without JavaScript the server adds rows: those must offer the whole list themselves."""
    client.force_login(world["officer"])
    response = client.post(_grid_url(world), grid_post([], action="add_row"))
    row = response.content.decode().split('<tbody id="grid-rows">')[1].split("</tbody>")[0]
    assert "data-options" not in row
    form_select = re.search(r'<select name="rows-0-form".*?</select>', row, re.S).group(0)
    assert form_select.count("<option ") == AwardForm.objects.filter(active=True).count() + 1


def test_grid_rows_written_from_initial_data_match_rows_written_through_forms(client, world):
    """The saved rows of a grid are written without a form per row; the markup must be what
    the forms themselves give (values of every type, a chosen and an unknown form, both
    statuses)."""
    from awards.templatetags.awards_tags import grid_rows, grid_rows_from_forms

    agency, p = world["agencies"][2], world["period"]
    rows = [
        row(collectives=2, decision_number="12/QĐ-UBND", decision_date=datetime.date(2022, 3, 4), note='a "b" <c>'),
        row("cstd-co-so", authority="Giám đốc & Sở", individuals=5, status=AwardRecord.Status.PROPOSED),
        row("bang-khen-bo-tinh", authority="", collectives=1, individuals=1, movement_name="Phong trào riêng"),
    ]
    save(agency, p, rows)
    client.force_login(world["officer"])
    formset = client.get(_grid_url(world)).context["formset"]
    assert not formset.is_bound and len(formset.initial) == 3
    fast = grid_rows(formset)
    assert fast.count('data-options="award-form-options"') == 3
    assert fast == grid_rows_from_forms(formset)


def test_grid_page_title_says_where_one_is(client, world):
    client.force_login(world["officer"])
    html = client.get(_grid_url(world)).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    assert title == "Số liệu khen thưởng · Cơ quan C · 6 tháng đầu năm 2022 · Quản lý Khối thi đua"
