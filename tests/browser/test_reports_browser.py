"""In Debian's Chromium: Home Affairs opens the Bắc Giang 2022 six-month report."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_affairs_opens_bac_giang_six_month_report(demo_data, login):
    page = login("snv.bacgiang")
    page.click("[data-testid=nav-reports]")
    page.select_option("select[name=year]", "2022")
    page.click("form.filter button[type=submit]")
    page.wait_for_url("**year=2022")
    row = page.locator("[data-testid=report-blocs] tr", has_text="Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang")
    row.locator("text=Báo cáo sơ kết 6 tháng").click()
    page.wait_for_url("**/reports/bloc/*/2022/h1/")

    assert (
        "SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM 2022"
        in page.inner_text("[data-testid=doc-header]").upper()
    )
    total = page.locator("[data-testid=total-by_agency] td")
    assert total.nth(1).inner_text() == "Tổng cộng"
    assert (total.nth(10).inner_text(), total.nth(11).inner_text()) == ("205", "437")
    police = page.locator("#tbl-by_agency tbody tr", has_text="Công an tỉnh").locator("td")
    assert (police.nth(10).inner_text(), police.nth(11).inner_text()) == ("190", "367")

    # The charts are drawn by the static script from the json_script data (no inline script).
    canvas = page.locator("[data-testid=chart-agencies]")
    assert canvas.is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-agencies') !== undefined")
    bars = page.evaluate("() => Chart.getChart('chart-agencies').data.datasets[0].data")
    labels = page.evaluate("() => Chart.getChart('chart-agencies').data.labels")
    assert dict(zip(labels, bars, strict=True))["Công an tỉnh"] == 190
    assert page.evaluate("() => Chart.getChart('chart-history').config.type") == "line"

    # The Excel download link carries the same report.
    with page.expect_download() as download:
        page.click("[data-testid=download-xlsx]")
    assert download.value.suggested_filename == (
        "bao-cao-so-ket-6-thang-2022-khoi-thi-dua-cac-co-quan-noi-chinh-tinh-bac-giang.xlsx"
    )
