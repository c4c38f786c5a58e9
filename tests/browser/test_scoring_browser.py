"""In Debian's Chromium (vi-VN): the leader officer self-scores, scores a 3-member bloc,
finalises, and a member then sees the ranking; Home Affairs finds the demo movements and table."""

import pytest

from tests.scoring.factories import build_table, build_world, self_score_and_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, values: dict):
    for name, value in values.items():
        page.fill(f"[name={name}]", value)


def test_leader_scores_three_member_bloc_and_member_sees_ranking(login, page):
    world = build_world()
    t = build_table(world.bloc)
    self_score_and_submit(t, world.b, world.users["officer_b"], (8, 15, 4))
    self_score_and_submit(t, world.c, world.users["officer_c"], (7, 16, 5))
    bloc, a, b, c = world.bloc.pk, world.a.pk, world.b.pk, world.c.pk
    p1, p2, p3 = (f"points_{x.id}" for x in (t.c1, t.c2, t.c3))

    login("off_a")
    page.goto(f"/scoring/bloc/{bloc}/2022/")
    page.click("[data-testid=my-sheet]")
    # Out of range: a clear Vietnamese error, nothing saved.
    _fill(page, {p1: "12", p2: "18", p3: "5"})
    page.click("[data-testid=save-sheet]")
    assert "Điểm của tiêu chí “Hoàn thành chỉ tiêu nghiệp vụ” phải từ 0 đến 10." in page.inner_text("main")
    _fill(page, {p1: "9,5"})
    page.fill(f"[name=evidence_{t.c1.id}]", "Báo cáo số 15/BC-THADS")
    page.click("[data-testid=save-sheet]")
    assert "Đã lưu bản tự chấm điểm." in page.inner_text("main")
    assert page.inner_text("[data-testid=self-total]") == "32,5"
    page.click("[data-testid=submit-sheet]")
    assert page.inner_text("[data-testid=sheet-state]") == "Đã gửi"

    page.click("[data-testid=tab-ranking]")
    assert page.inner_text("[data-testid=ranking-state]") == "Chưa chốt"
    for agency, values in [
        (a, {p1: "9,5", p2: "18", p3: "5"}),
        (b, {p1: "8", p2: "15", p3: "4", f"quantity_{t.bonus.id}": "1"}),
        (c, {p1: "7", p2: "16", p3: "5", f"quantity_{t.penalty.id}": "1"}),
    ]:
        page.click(f"[data-testid=score-{agency}]")
        _fill(page, values)
        page.click("[data-testid=save-bloc-score]")
        page.wait_for_url("**/ranking/")
    page.click("[data-testid=finalise]")
    assert "Đã chốt kết quả chấm điểm năm 2022." in page.inner_text("main")
    assert page.inner_text("[data-testid=ranking-state]") == "Đã chốt"

    page.click("form[action$='/accounts/logout/'] button")
    login("off_c")
    page.goto(f"/scoring/bloc/{bloc}/2022/")
    page.click("[data-testid=ranking-link]")
    rows = page.locator("[data-testid=ranking] tbody tr")
    assert rows.count() == 3
    seen = [
        (
            rows.nth(i).locator("[data-testid=rank]").inner_text(),
            rows.nth(i).locator("td").nth(1).inner_text(),
            rows.nth(i).locator("[data-testid=total]").inner_text(),
        )
        for i in range(3)
    ]
    assert seen == [
        ("1", "Cục Thi hành án dân sự tỉnh Trưởng khối", "32,5"),
        ("2", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "29"),
        ("3", "Công an tỉnh", "26,5"),
    ]
    # The member sees no scoring links and cannot open another member's sheet.
    assert page.locator("[data-testid^=score-]").count() == 0


def test_home_affairs_finds_demo_movements_and_table(demo_data, login):
    page = login("snv.dongthap")
    page.click(".navbar-nav >> text=Khối thi đua")  # the menu's bloc list (the home page links elsewhere too)
    page.wait_for_url("**/blocs/")
    page.click("main >> text=Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)")
    page.select_option("#year-select", "2022")
    page.wait_for_url("**year=2022")
    page.click("[data-testid=scoring-overview]")
    page.click("[data-testid=scoring-tabs] >> text=Phong trào thi đua")
    movements = page.inner_text("[data-testid=movements]")
    assert "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)" in movements
    assert "Chung tay, gắn kết hỗ trợ xây dựng, sửa chữa nhà" in movements
    assert "20/07/2022" in movements
    page.click("[data-testid=scoring-tabs] >> text=Bảng tiêu chí chấm điểm")
    assert page.inner_text("[data-testid=total-max]") == "100"
