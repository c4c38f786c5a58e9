"""In Debian's Chromium: the Bắc Giang H1 2022 case typed into the entry grid with its totals,
and Home Affairs returning a report from the completeness board."""

import pytest

from awards import services
from awards.catalogue import ensure_catalogue
from awards.models import AwardRecord, ReportingPeriod, Submission
from blocs import services as bloc_services
from blocs.demo import DEMO_PASSWORD
from blocs.models import Agency, Province, User
from tests.awards.factories import row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The five counts of the Bắc Giang six-month review 2022 (seed case): 205 collectives, 437 individuals.
BAC_GIANG_H1 = [
    ("Khen thưởng (hình thức và cấp không nêu rõ)", "Công an tỉnh", "190", "367", ""),
    ("Giấy khen", "Viện trưởng Viện Kiểm sát nhân dân tỉnh", "14", "39", "phong trào thi đua theo đợt, chuyên đề"),
    ("Giấy khen", "Chánh án Tòa án nhân dân tỉnh", "0", "29", ""),
    ("Bằng khen cấp bộ, ban, ngành, tỉnh", "Bộ trưởng Bộ Tư pháp", "0", "1", "phong trào thi đua đặc biệt"),
    (
        "Bằng khen cấp bộ, ban, ngành, tỉnh",
        "Chủ tịch UBND tỉnh",
        "1",
        "1",
        "phong trào thi đua thực hiện văn hóa công sở",
    ),
]


@pytest.fixture(autouse=True)
def _catalogue(transactional_db):
    """A transactional test starts from a flushed database, without the seeded catalogue."""
    ensure_catalogue()


def test_officer_enters_bac_giang_h1_2022_and_sees_totals(live_server, login):
    province = Province.objects.create(name="Tỉnh nhập thử", code="tinh-nhap-thu")
    agency = Agency.objects.create(province=province, name="Văn phòng Khối Nội chính")
    period = services.open_period(province=province, year=2022, kind=ReportingPeriod.Kind.H1, actor=None)
    bloc_services.create_user(username="nhap.thu", password=DEMO_PASSWORD, role=User.Role.OFFICER, agency=agency)

    page = login("nhap.thu")
    page.click("[data-testid=nav-awards]")
    page.click(f"tr[data-period='{period.pk}'] [data-testid=my-figures]")
    assert "Số liệu khen thưởng của Văn phòng Khối Nội chính" in page.inner_text("h1")

    rows = page.locator("#grid-rows tr[data-row]")
    for i, (form, authority, collectives, individuals, movement) in enumerate(BAC_GIANG_H1):
        if i > 0:
            page.click("[data-testid=add-row]")
        assert rows.count() == i + 1
        r = rows.nth(i)
        r.locator("select[data-role=form]").select_option(label=form)
        r.locator("input[name$='-authority']").fill(authority)
        r.locator("input[data-role=collectives]").fill(collectives)
        r.locator("input[data-role=individuals]").fill(individuals)
        r.locator("input[name$='-movement_name']").fill(movement)

    # running totals, computed in the page before anything is saved
    assert page.inner_text("[data-testid=total-granted-collectives]") == "205"
    assert page.inner_text("[data-testid=total-granted-individuals]") == "437"
    assert page.inner_text("[data-total='unstated-granted-c']") == "190"
    assert page.inner_text("[data-total='ministry_province-granted-i']") == "2"

    page.click("[data-testid=submit]")
    assert "Đã nộp báo cáo cho Sở Nội vụ." in page.inner_text("main")
    assert "Đã nộp" in page.inner_text("[data-testid=submission-state]")
    # totals recomputed by the server from what was saved
    assert page.inner_text("[data-testid=total-granted-collectives]") == "205"
    assert page.inner_text("[data-testid=total-granted-individuals]") == "437"
    assert AwardRecord.objects.filter(period=period).count() == 5
    assert Submission.objects.get(period=period).state == Submission.State.SUBMITTED


def test_grid_shows_row_errors_in_vietnamese(live_server, login):
    province = Province.objects.create(name="Tỉnh nhập thử", code="tinh-nhap-thu")
    agency = Agency.objects.create(province=province, name="Sở Tư pháp")
    period = services.open_period(province=province, year=2022, kind=ReportingPeriod.Kind.H1, actor=None)
    bloc_services.create_user(username="nhap.thu", password=DEMO_PASSWORD, role=User.Role.OFFICER, agency=agency)
    page = login("nhap.thu")
    page.goto(f"/awards/periods/{period.pk}/agencies/{agency.pk}/")
    r = page.locator("#grid-rows tr[data-row]").first
    r.locator("select[data-role=form]").select_option(label="Chiến sĩ thi đua cơ sở")
    r.locator("input[data-role=collectives]").fill("2")
    page.click("[data-testid=save]")
    assert "“Chiến sĩ thi đua cơ sở” không dùng để khen thưởng tập thể." in page.inner_text("#grid-rows")
    assert Submission.objects.count() == 0


def test_home_affairs_returns_a_report_from_the_board(demo_data, login):
    bg = Province.objects.get(code="bac-giang")
    year = ReportingPeriod.objects.get(province=bg, year=2022, kind=ReportingPeriod.Kind.YEAR)
    toaan = Agency.objects.get(province=bg, name="Tòa án nhân dân tỉnh")
    services.submit_submission(
        agency=toaan,
        period=year,
        rows=[row(authority="Chánh án Tòa án nhân dân tỉnh", individuals=41)],
        version=0,
        actor=User.objects.get(username="bg.toaan"),
    )

    page = login("snv.bacgiang")
    page.click("[data-testid=nav-awards]")
    h1 = ReportingPeriod.objects.get(province=bg, year=2022, kind=ReportingPeriod.Kind.H1)
    page.click(f"tr[data-period='{h1.pk}'] [data-testid=board-link]")
    assert "4 / 7 đã nộp" in page.inner_text("[data-testid=submitted-count]")
    assert page.inner_text("[data-testid=total-collectives]") == "205"
    assert page.inner_text("[data-testid=total-individuals]") == "437"

    page.goto("/awards/")
    page.click(f"tr[data-period='{year.pk}'] [data-testid=board-link]")
    assert "1 / 7 đã nộp" in page.inner_text("[data-testid=submitted-count]")
    toaan_row = page.locator("tr[data-agency='Tòa án nhân dân tỉnh']")
    assert "Đã nộp" in toaan_row.inner_text()
    toaan_row.locator("[data-testid=return]").click()
    form = page.locator("form[action$='/return/']")
    form.locator("textarea[name=reason]").fill("Đề nghị ghi rõ số, ngày quyết định khen thưởng")
    form.locator("[data-testid=confirm-return]").click()

    assert "Đã trả lại báo cáo của Tòa án nhân dân tỉnh để sửa." in page.inner_text("main")
    assert "0 / 7 đã nộp" in page.inner_text("[data-testid=submitted-count]")
    toaan_row = page.locator("tr[data-agency='Tòa án nhân dân tỉnh']")
    assert toaan_row.get_attribute("data-state") == "returned"
    assert "Đề nghị ghi rõ số, ngày quyết định khen thưởng" in toaan_row.inner_text()

    page.click("text=Đăng xuất")
    page = login("bg.toaan")
    page.goto(f"/awards/periods/{year.pk}/agencies/{toaan.pk}/")
    assert "Đề nghị ghi rõ số, ngày quyết định khen thưởng" in page.inner_text("[data-testid=returned-reason]")
    assert page.locator("[data-testid=grid]").count() == 1


def test_saved_rows_offer_every_award_form_after_the_page_loads(live_server, login):
    """A saved row is served with its chosen form only; grid.js gives it the page's one list,
    so the officer can still change the form of a saved row."""
    province = Province.objects.create(name="Tỉnh nhập thử", code="tinh-nhap-thu")
    agency = Agency.objects.create(province=province, name="Sở Tư pháp")
    period = services.open_period(province=province, year=2022, kind=ReportingPeriod.Kind.H1, actor=None)
    bloc_services.create_user(username="nhap.thu", password=DEMO_PASSWORD, role=User.Role.OFFICER, agency=agency)
    services.save_submission(agency=agency, period=period, rows=[row(individuals=3)], version=0, actor=None)

    page = login("nhap.thu")
    page.goto(f"/awards/periods/{period.pk}/agencies/{agency.pk}/")
    select = page.locator("#grid-rows tr[data-row] select[data-role=form]").first
    options = page.locator("#award-form-options").evaluate("t => t.content.querySelectorAll('option').length")
    assert select.locator("option").count() == options > 40
    assert select.evaluate("s => s.options[s.selectedIndex].text") == "Giấy khen"
    select.select_option(label="Chiến sĩ thi đua cơ sở")
    page.click("[data-testid=save]")
    assert "Đã lưu bản nháp." in page.inner_text("main")
    assert AwardRecord.objects.get(period=period).form.code == "cstd-co-so"
