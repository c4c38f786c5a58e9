"""In Debian's Chromium: Home Affairs of a province new to the application sets up a 10-member
bloc from scratch (agencies by import, two officer accounts, the roster) without visiting
/admin/; an officer then logs in with the one-time password and must choose a new one."""

import io

import pytest
from openpyxl import load_workbook

from blocs import imports
from blocs.models import Bloc, Membership, User
from tests.conftest import browser_login
from tests.factories import PASSWORD, ProvinceFactory, home_affairs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOC = "Khối thi đua các cơ quan Nội chính tỉnh"
MEMBERS = [
    ("Công an tỉnh", "Lực lượng vũ trang (công an, quân sự, biên phòng)", "Trưởng khối"),
    ("Viện Kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân", "Phó khối"),
    ("Tòa án nhân dân tỉnh", "Tòa án nhân dân", "Thành viên"),
    ("Thi hành án dân sự tỉnh", "Thi hành án dân sự", "Thành viên"),
    ("Bộ Chỉ huy Quân sự tỉnh", "Lực lượng vũ trang (công an, quân sự, biên phòng)", "Thành viên"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Lực lượng vũ trang (công an, quân sự, biên phòng)", "Thành viên"),
    ("Sở Tư pháp", "Sở, ban, ngành tỉnh", "Thành viên"),
    ("Thanh tra tỉnh", "Sở, ban, ngành tỉnh", "Thành viên"),
    ("Trại giam Nghĩa An", "Trại giam", "Thành viên"),
    ("Ban Nội chính Tỉnh ủy", "Cơ quan Đảng", "Thành viên"),
]


@pytest.fixture
def division_file(tmp_path):
    """The template downloaded from the application, filled in as an office would."""
    wb = load_workbook(io.BytesIO(imports.build_template()))
    ws = wb.worksheets[0]
    for name, kind, role in MEMBERS:
        ws.append([BLOC, "khối", 3, name, kind, role])
    path = tmp_path / "phan-khoi-quang-tri.xlsx"
    wb.save(path)
    return path


def test_home_affairs_sets_up_a_bloc_without_the_admin(page, division_file):
    province = ProvinceFactory(name="Quảng Trị", code="quang-tri")
    home_affairs(province, username="snv.quangtri")
    visited = []
    page.on("request", lambda request: visited.append(request.url))

    browser_login(page, "snv.quangtri", PASSWORD)
    # 1. Agencies and the bloc by import: upload, preview, apply.
    page.goto("/blocs/agencies/")
    page.click("[data-testid=import-link]")
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=file]", str(division_file))
    page.click("[data-testid=import-preview-button]")
    preview = page.inner_text("[data-testid=import-preview]")
    assert "10 cơ quan mới" in preview and "1 khối mới" in preview and "10 lượt thành viên" in preview
    page.click("[data-testid=import-apply]")
    assert "Đã nhập phân khối năm 2026: 1 khối, 10 lượt thành viên." in page.inner_text("main")

    # 2. Two officer accounts, the username suggested from the agency.
    passwords = {}
    for agency in ("Công an tỉnh", "Viện Kiểm sát nhân dân tỉnh"):
        page.click("[data-testid=current-user]")  # the user menu
        page.click("[data-testid=accounts-link]")
        page.click("[data-testid=account-create]")
        page.wait_for_url("**/accounts/new/**")
        page.wait_for_load_state("load")  # accounts.js listens for the agency's change
        page.select_option("select[name=agency]", label=agency)
        page.wait_for_function("() => document.querySelector('input[name=username]').value !== ''")
        username = page.input_value("input[name=username]")
        assert username.startswith("qt.")
        page.fill("input[name=last_name]", "Nguyễn Văn")
        page.click("button[type=submit]:has-text('Tạo tài khoản')")
        passwords[page.inner_text("[data-testid=account-username]")] = page.inner_text(
            "[data-testid=one-time-password]"
        )
    page.click("text=Quay lại danh sách tài khoản")
    listed = page.inner_text("[data-testid=accounts]")
    assert all(name in listed for name in passwords)

    # 3. The roster: Home Affairs makes Tòa án the deputy instead of Viện Kiểm sát.
    bloc = Bloc.objects.get(province=province)
    page.goto(f"/blocs/{bloc.pk}/?year=2026")
    assert page.locator("[data-testid=roster] tbody tr").count() == 10
    page.click("[data-testid=edit-roster]")
    page.select_option("select[name=deputy_1]", label="Tòa án nhân dân tỉnh")
    page.click("[data-testid=confirm]")
    roster = page.inner_text("[data-testid=roster]")
    assert "Tòa án nhân dân tỉnh" in roster
    assert set(
        Membership.objects.filter(bloc=bloc, year=2026).exclude(role="member").values_list("agency__name", "role")
    ) == {
        ("Công an tỉnh", "leader"),
        ("Tòa án nhân dân tỉnh", "deputy"),
    }
    assert not [url for url in visited if "/admin/" in url]

    # 4. An officer logs in with the one-time password and must choose their own.
    page.click("text=Đăng xuất")
    username, password = next(iter(passwords.items()))
    browser_login(page, username, password)
    assert "/accounts/password_change/" in page.url
    assert User.objects.get(username=username).must_change_password is True
