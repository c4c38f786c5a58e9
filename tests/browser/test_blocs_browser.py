"""In Debian's Chromium: Home Affairs opens the Đồng Tháp bloc and rotates it to 2023."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_affairs_rotates_dong_thap_bloc_to_2023(demo_data, login):
    page = login("snv.dongthap")
    page.click(".navbar-nav >> text=Khối thi đua")  # the menu's bloc list (the home page links elsewhere too)
    page.wait_for_url("**/blocs/")
    page.click("main >> text=Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)")
    page.select_option("#year-select", "2022")
    page.wait_for_url("**year=2022")

    roster = page.locator("[data-testid=roster] tbody tr")
    assert roster.count() == 8
    leader_row = page.locator("[data-testid=roster] tr[data-role=leader]")
    deputy_row = page.locator("[data-testid=roster] tr[data-role=deputy]")
    assert "Cục Thi hành án dân sự tỉnh" in leader_row.inner_text()
    assert "Trưởng khối" in leader_row.inner_text()
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in deputy_row.inner_text()
    assert "Phó khối" in deputy_row.inner_text()

    history = page.locator("[data-testid=leadership-history] tbody tr")
    assert history.count() == 1

    page.click("[data-testid=prepare-next-year]")
    assert "Chuẩn bị danh sách thành viên năm 2023" in page.inner_text("h1")
    # The proposal: this year's deputy (Biên phòng) leads in 2023.
    leader_select = page.locator("select[name=leader]")
    assert leader_select.locator("option:checked").inner_text() == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    page.click("[data-testid=confirm]")

    page.wait_for_url("**year=2023")
    assert "Đã tạo danh sách thành viên năm 2023." in page.inner_text("main")
    assert history.count() == 2
    assert "2023" in history.nth(1).inner_text()
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in history.nth(1).inner_text()


def test_language_switch_to_english_and_back(demo_data, login):
    page = login("snv.dongthap")
    assert "Khối thi đua" in page.inner_text("nav")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    assert "Blocs" in page.inner_text("nav")
    page.click("[data-testid=lang-vi]")
    page.wait_for_load_state()
    assert "Khối thi đua" in page.inner_text("nav")
