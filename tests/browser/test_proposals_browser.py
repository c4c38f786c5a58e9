"""In Debian's Chromium, the whole proposal loop on the Bắc Kạn 2022 annual review: the leader
officer builds the dossier from the votes, uploads an achievement report and submits; Home
Affairs returns it with a reason; the leader submits again; Home Affairs receives it, records
the council's review and the decision (a number the test makes up); the granted awards appear in
the recipient's full-year counts and in the annual report; a second decision is refused."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_proposal_loop_from_vote_to_counts(demo_data, login, tmp_path):
    from django.utils import timezone

    from awards.models import ReportingPeriod
    from blocs import services as bloc_services
    from blocs.demo import BAC_KAN_BLOC, DEMO_PASSWORD
    from blocs.models import Agency, Bloc, Membership, User
    from proposals.models import Dossier

    bloc = Bloc.objects.get(name=BAC_KAN_BLOC)
    Dossier.objects.filter(bloc=bloc, year=2022).delete()  # the demo's; the test builds its own
    thanh_tra = Agency.objects.get(province=bloc.province, name="Thanh tra tỉnh")
    # The source does not say who led the bloc in 2022; the test makes Thanh tra tỉnh the leader.
    bloc_services.set_leadership(bloc=bloc, year=2022, leader=thanh_tra, deputies=[], source=Membership.Source.DECISION)
    bloc_services.create_user(username="bk.thanhtra", password=DEMO_PASSWORD, role=User.Role.OFFICER, agency=thanh_tra)
    report = tmp_path / "bao-cao-thanh-tich.pdf"
    report.write_bytes(PDF)
    today = timezone.localdate().strftime("%d/%m/%Y")

    page = login("bk.thanhtra")
    page.goto(f"/proposals/bloc/{bloc.pk}/2022/")
    page.click("[data-testid=create-dossier]")
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    dossier_url = page.url
    items = page.locator("[data-testid=item]")
    assert items.count() == 3
    assert "Thanh tra tỉnh" in items.nth(0).inner_text()
    assert page.locator("[data-testid=missing-count]").inner_text() == "Thiếu 3"

    items.nth(0).locator("[data-testid=upload-report]").click()
    page.select_option("select[name=requirement]", label="Báo cáo thành tích")
    page.set_input_files("input[name=file]", str(report))
    page.click("[data-testid=upload]")
    page.wait_for_url(dossier_url)
    assert page.locator("[data-testid=missing-count]").inner_text() == "Thiếu 2"
    page.click("[data-testid=submit]")
    page.wait_for_url(dossier_url)
    assert page.get_attribute("[data-testid=dossier-state]", "data-state") == "submitted"

    page.context.clear_cookies()  # signs out
    login("snv.backan")
    page.goto(dossier_url)
    page.click("[data-testid=return]")
    page.fill("textarea[name=reason]", "Thiếu báo cáo thành tích của Sở Tư pháp và Bộ Chỉ huy Quân sự tỉnh")
    page.click("[data-testid=save]")
    page.wait_for_url(dossier_url)
    assert page.get_attribute("[data-testid=dossier-state]", "data-state") == "returned"

    page.context.clear_cookies()
    login("bk.thanhtra")
    page.goto(dossier_url)
    assert "Thiếu báo cáo thành tích của Sở Tư pháp" in page.inner_text("[data-testid=returned-reason]")
    page.click("[data-testid=submit]")
    page.wait_for_url(dossier_url)

    page.context.clear_cookies()
    login("snv.backan")
    page.goto(dossier_url)
    page.click("[data-testid=receive]")
    page.wait_for_url(dossier_url)
    page.click("[data-testid=review]")
    page.fill("input[name=council_date]", today)
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.click("[data-testid=save]")
    page.wait_for_url(dossier_url)
    assert page.get_attribute("[data-testid=dossier-state]", "data-state") == "reviewed"

    page.click("[data-testid=decide]")
    page.fill("input[name=decision_number]", "123/QĐ-UBND")
    page.fill("input[name=decision_date]", today)
    page.fill("input[name=signer]", "Chủ tịch UBND tỉnh")
    boxes = page.locator("input[name=granted]")
    assert boxes.count() == 3
    boxes.nth(2).uncheck()  # the council agreed to all three; the decision grants two
    page.click("[data-testid=save]")
    page.wait_for_url(dossier_url)
    assert page.get_attribute("[data-testid=dossier-state]", "data-state") == "decided"
    assert "123/QĐ-UBND" in page.inner_text("[data-testid=decision]")

    period = ReportingPeriod.objects.get(province=bloc.province, year=2022, kind="year")
    page.goto(f"/awards/periods/{period.pk}/agencies/{thanh_tra.pk}/")
    decided = page.locator("[data-testid=decided-record]")
    assert decided.count() == 1
    assert "123/QĐ-UBND" in decided.inner_text()

    page.goto(f"/reports/bloc/{bloc.pk}/2022/year/")
    body = page.inner_text("main")
    assert "Được tặng theo Quyết định số 123/QĐ-UBND" in body
    assert "Không được tặng" in body

    page.goto(dossier_url + "decide/")
    page.fill("input[name=decision_number]", "124/QĐ-UBND")
    page.fill("input[name=decision_date]", today)
    page.click("[data-testid=save]")
    assert "Quyết định chỉ được ghi một lần" in page.inner_text("[data-testid=form-errors]")
    assert Dossier.objects.get(bloc=bloc, year=2022).decision_number == "123/QĐ-UBND"
