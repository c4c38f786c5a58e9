"""In Debian's Chromium, the everyday screens of each role (#16) on a desktop (1,366 × 768) and a
phone (390 × 844): the home page's to-do lines with their counts, the grid, the completeness
board and a report; no sideways scrolling on the phone; axe-core (vendored, injected here only)
finds no serious or critical violation; a bad save shows the error summary and puts the focus on
the first error; a grid row is entered and submitted with the keyboard alone.

With SCREENSHOTS=docs/screenshots the home page of each role is saved there for the README."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from awards.models import AwardRecord, ReportingPeriod, Submission
from blocs import services as bloc_services
from blocs.models import Agency, Bloc, Membership, Province
from tests.conftest import session_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

HOME_AFFAIRS, LEADER, MEMBER = "snv.bacgiang", "bg.congan", "bg.thanhtra"


@pytest.fixture
def bac_giang(demo_data):
    """The demo's Bắc Giang H1 2022 (four reports accepted out of seven), with Công an tỉnh
    leading the bloc in 2022 by decision, so that the leader officer's screens exist."""
    province = Province.objects.get(code="bac-giang")
    bloc = Bloc.objects.get(province=province)
    police = Agency.objects.get(province=province, name="Công an tỉnh")
    bloc_services.set_leadership(bloc=bloc, year=2022, leader=police, deputies=[], source=Membership.Source.DECISION)
    return {
        "bloc": bloc,
        "h1": ReportingPeriod.objects.get(province=province, year=2022, kind=ReportingPeriod.Kind.H1),
        "police": police,
        "inspectorate": Agency.objects.get(province=province, name="Thanh tra tỉnh"),
    }


@pytest.fixture
def open_as(browser, live_server):
    """A logged-in page of `username` at a viewport; axe may be injected (the pages' CSP forbids
    injected scripts, so the context bypasses it; the pages themselves never load axe)."""
    contexts = []

    def _open(username, viewport):
        context = browser.new_context(
            locale="vi-VN",
            base_url=live_server.url,
            timezone_id="Asia/Ho_Chi_Minh",
            viewport=viewport,
            device_scale_factor=0.75 if viewport == DESKTOP else 1,
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        session_login(page, live_server.url, username)
        return page

    yield _open
    for context in contexts:
        context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]});
          return result.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return found


def page_width(page) -> tuple[int, int]:
    return page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")


def check_page(page, path):
    page.goto(path)  # returns at the load event: every script, style sheet and image is in
    page.evaluate("() => document.fonts.ready.then(() => true)")  # (the pages fetch nothing later)
    width, viewport = page_width(page)
    assert width <= viewport, f"{path}: {width} px wide in a {viewport} px window"
    assert serious_violations(page) == [], path


def todo_lines(page) -> dict[str, list[tuple[str, str]]]:
    lines: dict[str, list[tuple[str, str]]] = {}
    items = page.locator("[data-testid=todo] > li[data-todo]")
    for i in range(items.count()):
        item = items.nth(i)
        count = item.locator("[data-count]")
        text = " ".join(item.locator("a").first.inner_text().split())
        lines.setdefault(item.get_attribute("data-todo"), []).append(
            (text, count.inner_text().strip() if count.count() else "")
        )
    return lines


def save_screenshot(page, name):
    """The README's pictures: taken only when SCREENSHOTS names the folder to write them in."""
    folder = os.environ.get("SCREENSHOTS")
    image = page.screenshot()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.png").write_bytes(image)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_home_affairs_screens(bac_giang, open_as, device):
    page = open_as(HOME_AFFAIRS, VIEWPORTS[device])
    check_page(page, "/")
    lines = todo_lines(page)
    assert lines["period-progress"][0] == ("6 tháng đầu năm 2022, Bắc Giang: báo cáo đã nộp", "4 / 7 đã nộp")
    assert lines["late-agencies"][0] == ("6 tháng đầu năm 2022, Bắc Giang: 3 cơ quan chưa nộp báo cáo", "3")
    assert page.inner_text("[data-figure=granted]") == "205 tập thể, 437 cá nhân"
    assert page.locator("#home-chart").is_visible()
    if device == "desktop":
        save_screenshot(page, "home-home-affairs")
    h1, bloc = bac_giang["h1"], bac_giang["bloc"]
    check_page(page, f"/awards/periods/{h1.pk}/agencies/{bac_giang['police'].pk}/")
    check_page(page, f"/awards/periods/{h1.pk}/")
    check_page(page, f"/reports/bloc/{bloc.pk}/2022/h1/")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_leader_officer_screens(bac_giang, open_as, device):
    page = open_as(LEADER, VIEWPORTS[device])
    check_page(page, "/")
    lines = todo_lines(page)
    bloc = bac_giang["bloc"]
    assert lines["period-progress"][0] == (f"6 tháng đầu năm 2022, {bloc.name}: báo cáo đã nộp", "4 / 7 đã nộp")
    assert [text for text, _count in lines["review-six_month"]] == ["Ghi biên bản hội nghị sơ kết 6 tháng 2022"]
    assert "report-h1" in lines and "report-year" in lines
    if device == "desktop":
        save_screenshot(page, "home-leader-officer")
    h1 = bac_giang["h1"]
    check_page(page, f"/awards/periods/{h1.pk}/agencies/{bac_giang['police'].pk}/")
    check_page(page, f"/awards/periods/{h1.pk}/")
    check_page(page, f"/reports/bloc/{bloc.pk}/2022/h1/")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_member_officer_screens_and_the_error_summary(bac_giang, open_as, device):
    page = open_as(MEMBER, VIEWPORTS[device])
    check_page(page, "/")
    lines = todo_lines(page)
    assert lines["grid-due"] == [
        ("Số liệu khen thưởng, 6 tháng đầu năm 2022", "Chưa nhập"),
        ("Số liệu khen thưởng, Cả năm 2022", "Chưa nhập"),
    ]
    if device == "desktop":
        save_screenshot(page, "home-member-officer")
    h1, bloc = bac_giang["h1"], bac_giang["bloc"]
    grid = f"/awards/periods/{h1.pk}/agencies/{bac_giang['inspectorate'].pk}/"
    check_page(page, grid)
    check_page(page, f"/reports/bloc/{bloc.pk}/2022/h1/")

    # A bad save: a collective on an individuals-only form, text in a count.
    page.goto(grid)
    rows = page.locator("#grid-rows tr[data-row]")
    rows.nth(0).locator("select[data-role=form]").select_option(label="Chiến sĩ thi đua cơ sở")
    rows.nth(0).locator("input[data-role=collectives]").fill("2")
    assert page.inner_text("[data-testid=total-granted-collectives]") == "0"  # refused figure not counted
    page.click("[data-testid=add-row]")
    rows.nth(1).locator("select[data-role=form]").select_option(label="Giấy khen")
    rows.nth(1).locator("input[data-role=individuals]").fill("mười")
    with page.expect_navigation():
        page.click("[data-testid=save]")
    summary = page.locator("[data-testid=error-summary]")
    summary.wait_for(state="visible")
    assert "2 dòng có lỗi: chưa lưu gì." in summary.inner_text()
    focused = page.evaluate("() => document.activeElement.name")
    assert focused == "rows-0-collectives"
    summary.locator("a[data-error-row='2']").click()
    assert page.evaluate("() => document.activeElement.name") == "rows-1-individuals"
    width, viewport = page_width(page)
    assert width <= viewport
    assert serious_violations(page) == []
    assert Submission.objects.filter(agency=bac_giang["inspectorate"]).count() == 0


def test_member_enters_and_submits_a_grid_row_with_the_keyboard_alone(bac_giang, open_as):
    page = open_as(MEMBER, DESKTOP)
    h1 = bac_giang["h1"]
    page.goto(f"/awards/periods/{h1.pk}/agencies/{bac_giang['inspectorate'].pk}/")

    def tab_to(selector, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab")

    tab_to("select[data-role=form]")
    page.keyboard.type("Giấy khen")
    assert page.locator("select[data-role=form] option:checked").inner_text().startswith("Giấy khen")
    tab_to("input[name$='-authority']")
    page.keyboard.type("Chánh Thanh tra tỉnh")
    tab_to("input[data-role=collectives]")
    page.keyboard.type("2")
    tab_to("input[data-role=individuals]")
    page.keyboard.type("5")
    assert page.inner_text("[data-testid=total-granted-individuals]") == "5"
    page.keyboard.press("Enter")  # adds a row and moves to it
    assert page.locator("#grid-rows tr[data-row]").count() == 2
    assert page.evaluate("() => document.activeElement.name") == "rows-1-form"
    tab_to("[data-testid=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã nộp báo cáo cho Sở Nội vụ." in page.inner_text("main")
    assert list(
        AwardRecord.objects.filter(agency=bac_giang["inspectorate"]).values_list("collectives", "individuals")
    ) == [(2, 5)]


@pytest.mark.parametrize("username", [HOME_AFFAIRS, LEADER, "admin"])
def test_menu_fits_on_one_line_at_1280_px_in_both_languages(demo_data, open_as, username):
    page = open_as(username, {"width": 1280, "height": 800})
    for language in ("vi", "en"):
        page.click(f"[data-testid=lang-{language}]")
        page.wait_for_load_state()
        selector = "nav.navbar .nav-link, nav.navbar .navbar-brand, nav.navbar .btn"
        tops = page.evaluate(
            "s => [...document.querySelectorAll(s)].map(e => Math.round(e.getBoundingClientRect().top))", selector
        )
        assert max(tops) - min(tops) <= 12, (language, tops)  # all on one line
        assert page.evaluate("() => document.querySelector('nav.navbar').getBoundingClientRect().height") <= 64
        assert page_width(page)[0] <= 1280
