"""The home page (what is the user's to do) and the agency list: query counts do not grow with
the number of blocs, memberships or agencies."""

import json

import pytest
from django.urls import reverse
from lxml import html as lxml_html  # a dependency of python-docx

from awards import services as award_services
from awards.models import ReportingPeriod
from blocs import services
from tests.awards.factories import row, save
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, home_affairs, officer

pytestmark = pytest.mark.django_db


def _province_with(n_blocs: int):
    province = ProvinceFactory()
    agencies = []
    for _ in range(n_blocs):
        bloc = BlocFactory(province=province)
        members = [AgencyFactory(province=province) for _ in range(3)]
        agencies += members
        for year in (2021, 2022):
            services.set_roster(bloc=bloc, year=year, agencies=members, leader=members[year % 3])
    return province, agencies


def _count(client, user, url, django_assert_num_queries, expected):
    client.force_login(user)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def _lines(response) -> dict[str, list[tuple[str, str]]]:
    """The to-do lines of the page: key → [(text, count)]."""
    page = lxml_html.fromstring(response.content.decode())
    lines: dict[str, list[tuple[str, str]]] = {}
    for li in page.xpath("//ul[@data-testid='todo']/li[@data-todo]"):
        count = li.xpath(".//*[@data-count]")
        text = " ".join(li.xpath(".//a")[0].text_content().split())
        lines.setdefault(li.get("data-todo"), []).append((text, count[0].text_content().strip() if count else ""))
    return lines


def _text(response, xpath: str) -> str:
    return " ".join(lxml_html.fromstring(response.content.decode()).xpath(xpath)[0].text_content().split())


@pytest.fixture
def h1_2022(db):
    """A province of `n` blocs (3 agencies each, rosters 2021 and 2022) with its H1 2022 period
    open: the first agency submitted, the second saved a draft, the third's report came back."""

    def build(n):
        province, agencies = _province_with(n)
        ha = home_affairs(province)
        period = award_services.open_period(province=province, year=2022, kind=ReportingPeriod.Kind.H1, actor=ha)
        save(agencies[0], period, [row(collectives=2)], submit=True)
        save(agencies[1], period, [row(collectives=1)])
        returned = save(agencies[2], period, [row(individuals=3)], submit=True)
        award_services.return_submission(submission=returned, actor=ha, reason="Thiếu số quyết định")
        return province, agencies, ha, period

    return build


@pytest.mark.parametrize("n", [1, 50])
def test_home_for_home_affairs_lists_periods_reviews_and_figures_in_constant_queries(
    client, django_assert_num_queries, h1_2022, n
):
    province, _agencies, ha, _period = h1_2022(n)
    response = _count(client, ha, reverse("home"), django_assert_num_queries, 13)  # + the dossiers waiting (proposals)
    lines = _lines(response)
    where = f"6 tháng đầu năm 2022, {province.name}"
    assert lines["period-progress"] == [(f"{where}: báo cáo đã nộp", f"1 / {3 * n} đã nộp")]
    assert lines["waiting-review"] == [(f"{where}: 1 báo cáo chờ duyệt", "1")]
    assert lines["late-agencies"] == [(f"{where}: {3 * n - 1} cơ quan chưa nộp báo cáo", str(3 * n - 1))]
    assert lines["review-six_month"][0][1] == str(n)
    assert lines["review-annual"][0][1] == str(n)
    assert "blocs-without-leader" not in lines
    assert response.context["year"] == 2022
    assert _text(response, "//*[@data-figure='blocs']") == str(n)
    assert _text(response, "//*[@data-figure='agencies']") == str(3 * n)
    # the submitted report counts; the draft and the returned one do not
    assert _text(response, "//*[@data-figure='granted']") == "2 tập thể, 0 cá nhân"
    chart = json.loads(_text(response, "//*[@id='home-chart-data']"))
    assert chart["series"][0]["data"] == [0, 0, 2, 0]  # granted collectives: unit level


def test_home_for_home_affairs_lists_blocs_without_leader(client, h1_2022):
    province, _agencies, ha, _period = h1_2022(1)
    lone = BlocFactory(province=province, name="Khối chưa có trưởng")
    services.set_roster(bloc=lone, year=2022, agencies=[AgencyFactory(province=province)])
    client.force_login(ha)
    response = client.get(reverse("home"))
    assert _lines(response)["blocs-without-leader"] == [("1 khối chưa có Trưởng khối năm 2022", "1")]
    assert reverse("blocs:roster_edit", args=[lone.pk, 2022]) in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_home_for_the_leader_officer_lists_its_bloc_in_constant_queries(client, django_assert_num_queries, h1_2022, n):
    _province, agencies, _ha, _period = h1_2022(n)
    leader = officer(agencies[0])  # members[2022 % 3] leads the first bloc in 2022
    response = _count(
        client, leader, reverse("home"), django_assert_num_queries, 16
    )  # + its returned dossier (proposals)
    lines = _lines(response)
    bloc = response.context["led_bloc"]
    assert lines["period-progress"] == [(f"6 tháng đầu năm 2022, {bloc.name}: báo cáo đã nộp", "1 / 3 đã nộp")]
    assert lines["late-agencies"][0][1] == "2"
    assert [text for text, _count in lines["review-six_month"]] == [
        "Tổ chức và ghi biên bản hội nghị sơ kết 6 tháng 2022"
    ]
    assert set(lines) >= {"report-h1", "report-year"}
    assert "grid-due" not in lines  # its own report is sent


@pytest.mark.parametrize("n", [1, 50])
def test_home_for_a_member_officer_lists_its_grid_and_the_return_reason(client, django_assert_num_queries, h1_2022, n):
    _province, agencies, _ha, period = h1_2022(n)
    response = _count(client, officer(agencies[1]), reverse("home"), django_assert_num_queries, 12)
    lines = _lines(response)
    assert lines == {"grid-due": [("Số liệu khen thưởng, 6 tháng đầu năm 2022", "Bản nháp")]}
    assert response.context["led_bloc"] is None
    client.force_login(officer(agencies[2]))
    response = client.get(reverse("home"))
    assert _lines(response)["grid-returned"] == [
        ("Sửa và nộp lại số liệu khen thưởng, 6 tháng đầu năm 2022", "Trả lại")
    ]
    assert "Trả lại: Thiếu số quyết định" in response.content.decode()
    assert reverse("awards:grid", args=[period.pk, agencies[2].pk]) in response.content.decode()


def test_home_says_nothing_to_do_when_there_is_nothing(client):
    _province, agencies = _province_with(1)
    client.force_login(officer(agencies[1]))
    response = client.get(reverse("home"))
    assert _lines(response) == {}
    assert 'data-testid="todo-empty"' in response.content.decode()


@pytest.mark.parametrize("n", [1, 25])
def test_agency_list_query_count_is_constant(client, django_assert_num_queries, n):
    province, agencies = _province_with(n)
    # 7: one of them reads the former names of the agencies (renamed agencies), whatever n
    response = _count(client, home_affairs(province), reverse("blocs:agencies"), django_assert_num_queries, 7)
    assert len(response.context["agencies"]) == len(agencies)


@pytest.mark.parametrize("years", [1, 15])
def test_agency_detail_query_count_is_constant(client, django_assert_num_queries, years):
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    agency = AgencyFactory(province=province)
    for year in range(2010, 2010 + years):
        services.set_roster(bloc=bloc, year=year, agencies=[agency], leader=agency)
    url = reverse("blocs:agency", args=[agency.pk])
    # 7: one of them reads the agency's former names
    response = _count(client, home_affairs(province), url, django_assert_num_queries, 7)
    assert len(response.context["memberships"]) == years
