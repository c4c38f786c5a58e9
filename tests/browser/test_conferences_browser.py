"""In Debian's Chromium: Home Affairs of Bắc Kạn records the 2022 annual review from scratch
(flag outcome and election) and then sees Thanh tra tỉnh leading the bloc in 2023."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_affairs_records_bac_kan_annual_review_and_election(demo_data, login):
    from awards.models import AwardForm
    from blocs.demo import BAC_KAN_BLOC
    from blocs.models import Bloc, Membership
    from conferences import services
    from conferences.demo import BAC_KAN_TASKS
    from conferences.models import Conference
    from proposals.models import Dossier

    bloc = Bloc.objects.get(name=BAC_KAN_BLOC)
    annual = Conference.objects.get(bloc=bloc, year=2022, kind="annual")
    Dossier.objects.filter(conference=annual).delete()  # the demo's dossier rests on its votes
    services.delete_conference(conference=annual)
    Membership.objects.filter(bloc=bloc, year=2023).delete()  # the election must recreate it
    flag = AwardForm.objects.get(code="co-thi-dua-bo-tinh")

    page = login("snv.backan")
    page.goto(f"/blocs/{bloc.pk}/?year=2022")
    page.click("[data-testid=conferences-link]")
    page.wait_for_url(f"**/conferences/bloc/{bloc.pk}/2022/")
    page.click("[data-testid=new-annual]")

    page.fill("input[name=date]", "04/01/2023")
    page.select_option("select[name=time_of_day]", label="Buổi chiều")
    attendance = page.locator("[data-testid=formset-att] tbody tr")
    assert attendance.count() == 9
    for i, task in enumerate(BAC_KAN_TASKS):
        page.fill(f"input[name=task-{i}-text]", task)
    page.click("[data-testid=save]")

    page.wait_for_url(re.compile(r"/conferences/\d+/(#\w+)?$"))
    assert "Đã lưu biên bản." in page.inner_text("main")
    assert (
        page.inner_text("[data-testid=conference-title]") == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022"
    )
    assert page.locator("[data-testid=tasks] li").count() == 5

    page.click("[data-testid=add-vote]")
    page.select_option("select[name=kind]", "flag")
    page.select_option("select[name=award_form]", str(flag.pk))
    page.fill("input[name=authority]", "UBND tỉnh")
    page.select_option("select[name=cand-0-agency]", label="Thanh tra tỉnh")
    page.check("input[name=cand-0-won]")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/conferences/\d+/(#\w+)?$"))
    vote = page.locator("[data-testid=vote]")
    assert "Cờ thi đua của UBND tỉnh" in vote.inner_text()
    assert "Thanh tra tỉnh" in vote.locator("tr[data-won=yes]").inner_text()

    page.click("[data-testid=record-election]")
    page.select_option("select[name=leader]", label="Thanh tra tỉnh")
    page.select_option("select[name=deputy_1]", label="Công an tỉnh")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/conferences/\d+/(#\w+)?$"))
    assert "Đã ghi Trưởng khối, Phó khối năm 2023" in page.inner_text("main")
    assert "Thanh tra tỉnh" in page.inner_text("[data-testid=election]")

    page.goto(f"/blocs/{bloc.pk}/?year=2023")
    assert page.locator("[data-testid=roster] tbody tr").count() == 9
    assert "Thanh tra tỉnh" in page.inner_text("[data-testid=roster] tr[data-role=leader]")
    assert "Công an tỉnh" in page.inner_text("[data-testid=roster] tr[data-role=deputy]")
    history = page.inner_text("[data-testid=leadership-history]")
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022" in history and "04/01/2023" in history
