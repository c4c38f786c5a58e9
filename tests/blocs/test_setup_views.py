"""Home Affairs sets up its province without the admin: the agencies page, the officer
accounts page, the bloc division import page, and the roster form's marking of agencies
already in another bloc. Each by role: anonymous, officer, Home Affairs of this and of another
province, admin."""

import datetime
import io
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from blocs import services
from blocs.models import Agency, AgencyName, Membership, User
from reports import selectors as report_selectors
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.postdata import with_version
from tests.security.test_bad_input_corpus import db_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = ProvinceFactory(name="Hà Tĩnh", code="ha-tinh")
    other = ProvinceFactory(name="Nghệ An", code="nghe-an")
    agencies = {
        name: AgencyFactory(province=province, name=name, short_name=short)
        for name, short in [
            ("Trại giam Xuân Hà", "Trại giam"),
            ("Tòa án nhân dân tỉnh", "Tòa án"),
            ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH"),
            ("Công an tỉnh", "Công an"),
        ]
    }
    return {
        "province": province,
        "other": other,
        "agencies": agencies,
        "foreign": AgencyFactory(province=other, name="Công an tỉnh"),
        "ha": home_affairs(province, username="snv.hatinh"),
        "ha_other": home_affairs(other, username="snv.nghean"),
        "officer": officer(agencies["Công an tỉnh"], username="ht.congan"),
        "admin": admin_user(username="root"),
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


ALL_ROLES = ("anonymous", "officer", "ha_other", "ha", "admin")


def status_by_role(world, method, url, data=None, roles=ALL_ROLES):
    result = {}
    for role in roles:
        client = client_for(world.get(role))
        response = client.get(url) if method == "get" else client.post(url, data or {})
        result[role] = response.status_code
    return result


# --- Agencies -------------------------------------------------------------------------------


def test_agency_list_in_vietnamese_order(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:agencies"))
    assert [a.name for a in response.context["agencies"]] == [
        "Công an tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Tòa án nhân dân tỉnh",
        "Trại giam Xuân Hà",
    ]
    assert response.context["show_province"] is False


def test_agency_list_search_ignores_marks_and_case(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:agencies"), {"q": "toa an", "province": world["province"].pk})
    assert [a.name for a in response.context["agencies"]] == ["Tòa án nhân dân tỉnh"]


def test_agency_list_filters_kind_and_validity(client, world):
    world["agencies"]["Trại giam Xuân Hà"].kind = Agency.Kind.PRISON
    world["agencies"]["Trại giam Xuân Hà"].save()
    services.end_agency(agency=world["agencies"]["Tòa án nhân dân tỉnh"], valid_to=datetime.date(2020, 12, 31))
    client.force_login(world["ha"])
    url = reverse("blocs:agencies")
    assert [a.name for a in client.get(url, {"kind": "prison"}).context["agencies"]] == ["Trại giam Xuân Hà"]
    assert [a.name for a in client.get(url, {"validity": "ended"}).context["agencies"]] == ["Tòa án nhân dân tỉnh"]
    assert len(client.get(url, {"validity": "current"}).context["agencies"]) == 3


def test_agency_list_of_all_provinces_shows_the_province(client, world):
    client.force_login(world["admin"])
    response = client.get(reverse("blocs:agencies"), {"province": "", "q": "công an"})
    assert response.context["show_province"] is True
    assert [(a.name, a.province.name) for a in response.context["agencies"]] == [
        ("Công an tỉnh", "Hà Tĩnh"),
        ("Công an tỉnh", "Nghệ An"),
    ]
    assert "<td>Nghệ An</td>" in response.content.decode()


def test_agency_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["ha"])
    url = reverse("blocs:agencies")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(30):
        AgencyName.objects.create(
            agency=AgencyFactory(province=world["province"]), name=f"Tên cũ {n}", renamed_on=datetime.date(2020, 1, 1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_agency_pages_by_role(world):
    agency = world["agencies"]["Tòa án nhân dân tỉnh"]
    pages = [
        reverse("blocs:agency_create", args=[world["province"].pk]),
        reverse("blocs:agency_edit", args=[agency.pk]),
        reverse("blocs:agency_rename", args=[agency.pk]),
        reverse("blocs:agency_end", args=[agency.pk]),
    ]
    for url in pages:
        assert status_by_role(world, "get", url) == {
            "anonymous": 302,
            "officer": 403,
            "ha_other": 404,
            "ha": 200,
            "admin": 200,
        }, url


def test_agency_create_by_home_affairs(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:agency_create", args=[world["province"].pk]),
        {"name": "  Sở  Tư pháp ", "short_name": "STP", "kind": "department"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(province=world["province"], name="Sở Tư pháp")
    assert (agency.kind, agency.short_name) == ("department", "STP")


def test_agency_create_refuses_a_name_that_differs_only_in_case(client, world):
    client.force_login(world["ha"])
    before = db_snapshot()
    response = client.post(
        reverse("blocs:agency_create", args=[world["province"].pk]), {"name": "CÔNG AN TỈNH", "kind": "other"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Tỉnh đã có cơ quan “Công an tỉnh”."]
    assert db_snapshot() == before


def test_agency_rename_keeps_the_old_name_for_past_years(client, world):
    agency = world["agencies"]["Trại giam Xuân Hà"]
    bloc = BlocFactory(province=world["province"], name="Khối Nội chính")
    services.set_roster(bloc=bloc, year=2024, agencies=[agency])
    services.set_roster(bloc=bloc, year=2025, agencies=[agency])
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:agency_rename", args=[agency.pk]),
        with_version(
            client,
            reverse("blocs:agency_rename", args=[agency.pk]),
            {"name": "Trại giam Xuân Hà (Bộ Công an)", "renamed_on": "01/07/2025"},
        ),
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Trại giam Xuân Hà (Bộ Công an)"
    assert (agency.name_in_year(2024), agency.name_in_year(2025)) == (
        "Trại giam Xuân Hà",
        "Trại giam Xuân Hà (Bộ Công an)",
    )
    names_2024 = [m.name for m in report_selectors.bloc_report(bloc=bloc, year=2024, kind="h1").members]
    names_2025 = [m.name for m in report_selectors.bloc_report(bloc=bloc, year=2025, kind="h1").members]
    assert (names_2024, names_2025) == (["Trại giam Xuân Hà"], ["Trại giam Xuân Hà (Bộ Công an)"])


def test_agency_rename_to_the_same_name_refused(client, world):
    agency = world["agencies"]["Công an tỉnh"]
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:agency_rename", args=[agency.pk]),
        with_version(
            client,
            reverse("blocs:agency_rename", args=[agency.pk]),
            {"name": "công an  tỉnh", "renamed_on": "01/07/2025"},
        ),
    )
    assert response.context["form"].errors["name"] == ["Tên mới trùng với tên hiện tại."]
    assert not AgencyName.objects.exists()


def test_agency_end_with_successor_then_reactivate(client, world):
    old, new = world["agencies"]["Tòa án nhân dân tỉnh"], world["agencies"]["Công an tỉnh"]
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:agency_end", args=[old.pk]),
        with_version(
            client, reverse("blocs:agency_end", args=[old.pk]), {"valid_to": "30/06/2025", "successor": new.pk}
        ),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.valid_to, old.successor) == (datetime.date(2025, 6, 30), new)
    assert client.post(reverse("blocs:agency_reactivate", args=[old.pk])).status_code == 302
    old.refresh_from_db()
    assert (old.valid_to, old.successor) == (None, None)


def test_agency_end_successor_of_another_province_not_offered(client, world):
    client.force_login(world["ha"])
    agency = world["agencies"]["Tòa án nhân dân tỉnh"]
    response = client.post(
        reverse("blocs:agency_end", args=[agency.pk]),
        with_version(
            client,
            reverse("blocs:agency_end", args=[agency.pk]),
            {"valid_to": "30/06/2025", "successor": world["foreign"].pk},
        ),
    )
    assert "successor" in response.context["form"].errors
    agency.refresh_from_db()
    assert agency.valid_to is None


def test_agency_reactivate_by_role(world):
    agency = world["agencies"]["Tòa án nhân dân tỉnh"]
    url = reverse("blocs:agency_reactivate", args=[agency.pk])
    assert status_by_role(world, "get", url) == {
        "anonymous": 302,
        "officer": 405,
        "ha_other": 405,
        "ha": 405,
        "admin": 405,
    }
    got = status_by_role(world, "post", url, roles=("anonymous", "officer", "ha_other"))
    assert got == {"anonymous": 302, "officer": 403, "ha_other": 404}


# --- Officer accounts -------------------------------------------------------------------------


def test_account_pages_by_role(world):
    for url in (reverse("blocs:accounts"), reverse("blocs:account_create")):
        assert status_by_role(world, "get", url) == {
            "anonymous": 302,
            "officer": 403,
            "ha_other": 200,
            "ha": 200,
            "admin": 200,
        }


def test_account_list_shows_the_province_accounts_only(client, world):
    officer(world["foreign"], username="na.congan")
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:accounts"))
    assert [u.username for u in response.context["accounts"]] == ["snv.hatinh", "ht.congan"]


def test_account_create_suggests_username_and_shows_password_once(client, world):
    agency = world["agencies"]["Tòa án nhân dân tỉnh"]
    client.force_login(world["ha"])
    page = client.get(reverse("blocs:account_create"), {"agency": agency.pk})
    assert page.context["form"].initial["username"] == "ht.toa-an"
    response = client.post(
        reverse("blocs:account_create"), {"agency": agency.pk, "username": "ht.toa-an", "last_name": "Nguyễn Văn"}
    )
    assert response.status_code == 200
    password = response.context["password"]
    user = User.objects.get(username="ht.toa-an")
    assert (user.role, user.agency, user.must_change_password) == ("officer", agency, True)
    assert user.check_password(password)
    assert password in response.content.decode()
    assert password not in client.get(reverse("blocs:accounts")).content.decode()
    # The officer logs in with it and is sent to choose a new password first.
    officer_client = Client()
    assert officer_client.login(username="ht.toa-an", password=password)
    assert officer_client.get(reverse("blocs:list"))["Location"].startswith(reverse("password_change"))


def test_account_create_for_another_province_agency_refused(client, world):
    client.force_login(world["ha"])
    before = db_snapshot()
    response = client.post(reverse("blocs:account_create"), {"agency": world["foreign"].pk, "username": "x.y"})
    assert "agency" in response.context["form"].errors
    assert db_snapshot() == before


def test_account_create_admin_picker_labels_with_province(client, world):
    client.force_login(world["admin"])
    html = client.get(reverse("blocs:account_create")).content.decode()
    assert "Công an tỉnh (Hà Tĩnh)" in html and "Công an tỉnh (Nghệ An)" in html


def test_account_deactivate_and_reactivate(client, world):
    target = world["officer"]
    officer_client = client_for(target)
    client.force_login(world["ha"])
    assert client.post(reverse("blocs:account_active", args=[target.pk]), {"active": "0"}).status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert officer_client.get(reverse("blocs:list")).status_code == 302  # the open session stops working
    client.post(reverse("blocs:account_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active is True


def test_account_reset_gives_one_time_password_and_ends_sessions(client, world):
    target = world["officer"]
    officer_client = client_for(target)
    client.force_login(world["ha"])
    response = client.post(reverse("blocs:account_password", args=[target.pk]))
    target.refresh_from_db()
    assert target.check_password(response.context["password"]) and target.must_change_password
    assert SESSION_KEY not in officer_client.session or officer_client.get(reverse("blocs:list")).status_code == 302


def test_account_reset_by_email(client, world):
    target = world["officer"]
    target.email = "congan@hatinh.gov.vn"
    target.save()
    client.force_login(world["ha"])
    response = client.post(reverse("blocs:account_password", args=[target.pk]), {"method": "email"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["congan@hatinh.gov.vn"]]
    target.refresh_from_db()
    assert target.must_change_password is False


def test_account_actions_by_role(world):
    target = officer(world["agencies"]["Tòa án nhân dân tỉnh"], username="ht.toa-an")
    for name in ("blocs:account_active", "blocs:account_password"):
        url = reverse(name, args=[target.pk])
        before = db_snapshot()
        got = status_by_role(world, "post", url, roles=("anonymous", "officer", "ha_other"))
        assert got == {"anonymous": 302, "officer": 403, "ha_other": 404}
        assert db_snapshot() == before


def test_home_affairs_cannot_reset_an_admin(client, world):
    client.force_login(world["ha"])
    assert client.post(reverse("blocs:account_password", args=[world["admin"].pk])).status_code == 404


# --- Import page ------------------------------------------------------------------------------


def _division() -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phân khối"
    ws.append(["Tên khối", "Loại", "Số", "Cơ quan, đơn vị", "Loại cơ quan", "Vai trò"])
    ws.append(["Khối Nội chính", "khối", 1, "CÔNG AN TỈNH", "", "Trưởng khối"])
    ws.append(["Khối Nội chính", "khối", 1, "Viện Kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân", "Phó khối"])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("phan-khoi.xlsx", out.getvalue(), content_type="application/octet-stream")


def test_import_pages_by_role(world):
    for name in ("blocs:bloc_import", "blocs:import_template"):
        url = reverse(name, args=[world["province"].pk])
        assert status_by_role(world, "get", url) == {
            "anonymous": 302,
            "officer": 403,
            "ha_other": 404,
            "ha": 200,
            "admin": 200,
        }


def test_import_preview_then_apply(client, world):
    client.force_login(world["ha"])
    url = reverse("blocs:bloc_import", args=[world["province"].pk])
    before = db_snapshot()
    preview = client.post(url, {"year": 2026, "file": _division(), "action": "preview"})
    plan = preview.context["plan"]
    assert ([name for name, _kind in plan.new_agencies], plan.membership_count) == (["Viện Kiểm sát nhân dân tỉnh"], 2)
    assert db_snapshot() == before  # the preview writes nothing
    response = client.post(url, {"action": "apply", "digest": plan.digest()})
    assert response.status_code == 302
    assert set(Membership.objects.filter(year=2026).values_list("agency__name", "role")) == {
        ("Công an tỉnh", "leader"),
        ("Viện Kiểm sát nhân dân tỉnh", "deputy"),
    }


def test_import_refused_file_shows_errors_and_writes_nothing(client, world):
    client.force_login(world["ha"])
    before = db_snapshot()
    bad = SimpleUploadedFile("phan-khoi.xlsx", b"not a workbook", content_type="application/octet-stream")
    response = client.post(reverse("blocs:bloc_import", args=[world["province"].pk]), {"year": 2026, "file": bad})
    assert response.context["errors"] == ["Nội dung tệp không phải là tệp XLSX."]
    assert db_snapshot() == before


def test_import_apply_without_preview_refused(client, world):
    client.force_login(world["ha"])
    before = db_snapshot()
    response = client.post(
        reverse("blocs:bloc_import", args=[world["province"].pk]), {"action": "apply", "digest": "x"}
    )
    assert response.status_code == 302
    assert db_snapshot() == before


# --- Roster form: agencies already in another bloc -------------------------------------------


def test_roster_form_marks_agencies_of_another_bloc(client, world):
    a = world["agencies"]
    other = BlocFactory(province=world["province"], name="Khối Văn hóa")
    services.set_roster(bloc=other, year=2026, agencies=[a["Đài Phát thanh và Truyền hình tỉnh"]])
    bloc = BlocFactory(province=world["province"], name="Khối Nội chính")
    client.force_login(world["ha"])
    html = client.get(reverse("blocs:roster_edit", args=[bloc.pk, 2026])).content.decode()
    assert "Đài Phát thanh và Truyền hình tỉnh — đã thuộc “Khối Văn hóa” năm 2026" in html
    taken = a["Đài Phát thanh và Truyền hình tỉnh"].pk
    inputs = {int(v): tag for tag, v in re.findall(r'(<input[^>]*name="agencies"[^>]*value="(\d+)"[^>]*>)', html)}
    assert [pk for pk, tag in inputs.items() if "disabled" in tag] == [taken]
    response = client.post(
        reverse("blocs:roster_edit", args=[bloc.pk, 2026]),
        {"agencies": [taken, a["Công an tỉnh"].pk], "leader": a["Công an tỉnh"].pk, "role_source": "manual"},
    )
    assert response.context["form"].errors["agencies"] == [
        "Đài Phát thanh và Truyền hình tỉnh đã là thành viên của “Khối Văn hóa” trong năm 2026."
    ]
    assert not Membership.objects.filter(bloc=bloc).exists()


def test_bloc_deputy_setting_error_names_year_and_agency(client, world):
    a = world["agencies"]
    bloc = BlocFactory(province=world["province"], name="Khối Nội chính", max_deputies=2)
    services.set_roster(
        bloc=bloc,
        year=2024,
        agencies=list(a.values()),
        leader=a["Công an tỉnh"],
        deputies=[a["Tòa án nhân dân tỉnh"], a["Trại giam Xuân Hà"]],
    )
    client.force_login(world["ha"])
    url = reverse("blocs:edit", args=[bloc.pk])
    data = {"name": bloc.name, "kind": "khoi", "max_deputies": 1, "leader_selection": "elected"}
    response = client.post(url, with_version(client, url, {**data, "vote_threshold_percent": 50}))
    assert response.context["form"].errors["max_deputies"] == [
        "Năm 2024 khối có nhiều Phó khối hơn số này (Trại giam Xuân Hà (2024)); hãy sửa danh sách các năm đó trước."
    ]
