"""Report pages and downloads: who may see what, filters, bad input, pinned query counts."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from awards.models import AwardRecord
from blocs import services
from tests.conftest import module_world
from tests.factories import AgencyFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.reports.factories import PeriodFactory, award, bac_giang_h1_2022, submission
from tests.reports.readers import html_tables

pytestmark = pytest.mark.django_db


def build_world():
    case = bac_giang_h1_2022()
    a = case["agencies"]
    bloc, province = case["bloc"], case["province"]
    members = list(a.values())
    services.set_roster(bloc=bloc, year=2022, agencies=members, leader=a["Công an tỉnh"], deputies=[a["Sở Tư pháp"]])
    services.set_roster(bloc=bloc, year=2023, agencies=members, leader=a["Tòa án nhân dân tỉnh"])
    successor = ProvinceFactory(name="Bắc Ninh")
    province.successor = successor
    province.save(update_fields=["successor"])
    other_province = ProvinceFactory(name="Đồng Tháp")
    outsider = AgencyFactory(province=province, name="Sở Y tế")  # same province, not in the bloc
    return {
        **case,
        "leader": officer(a["Công an tỉnh"]),
        "member": officer(a["Viện Kiểm sát nhân dân tỉnh"]),
        "outsider": officer(outsider),
        "officer_other": officer(AgencyFactory(province=other_province)),
        "ha": home_affairs(province),
        "ha_successor": home_affairs(successor),
        "ha_other": home_affairs(other_province),
        "admin": admin_user(),
    }


_world, world = module_world(build_world, "reports-views-media")


def _get(client, user, url, data=None):
    if user is not None:
        client.force_login(user)
    return client.get(url, data or {})


def bloc_url(world, year=2022, period="h1", fmt=None):
    if fmt:
        return reverse("reports:bloc_export", args=[world["bloc"].pk, year, period, fmt])
    return reverse("reports:bloc", args=[world["bloc"].pk, year, period])


ROLES = ["anon", "officer_other", "ha_other", "outsider", "member", "leader", "ha", "ha_successor", "admin"]


@pytest.mark.parametrize(
    ("who", "html", "xlsx"),
    [
        (None, 302, 302),
        ("officer_other", 404, 404),
        ("ha_other", 404, 404),
        ("outsider", 403, 403),
        ("member", 200, 403),
        ("leader", 200, 200),
        ("ha", 200, 200),
        ("ha_successor", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_bloc_report_access_by_role(client, world, who, html, xlsx):
    user = world.get(who) if who else None
    response = _get(client, user, bloc_url(world))
    assert response.status_code == html
    if html == 302:
        assert response["Location"].startswith(reverse("login"))
    assert _get(client, user, bloc_url(world, fmt="xlsx")).status_code == xlsx
    assert _get(client, user, bloc_url(world, fmt="docx")).status_code == xlsx


def test_leader_officer_downloads_only_in_the_year_it_leads(client, world):
    client.force_login(world["leader"])
    assert client.get(bloc_url(world, 2022, "year", "docx")).status_code == 200
    assert client.get(bloc_url(world, 2023, "h1")).status_code == 200  # still a member in 2023
    assert client.get(bloc_url(world, 2023, "h1", "xlsx")).status_code == 403
    assert client.get(bloc_url(world, 2024, "h1")).status_code == 403  # not in the bloc in 2024


def test_home_affairs_sees_the_bac_giang_figures(client, world):
    response = _get(client, world["ha"], bloc_url(world))
    assert response.status_code == 200
    rows = {r[1]: r for r in html_tables(response.content.decode())["by_agency"]}
    # level-not-stated columns 8-9, totals 10-11 of the granted group (after No. and Agency)
    assert (rows["Công an tỉnh"][10], rows["Công an tỉnh"][11]) == ("190", "367")
    assert (rows["Viện Kiểm sát nhân dân tỉnh"][10], rows["Viện Kiểm sát nhân dân tỉnh"][11]) == ("14", "39")
    assert (rows["Tòa án nhân dân tỉnh"][10], rows["Tòa án nhân dân tỉnh"][11]) == ("0", "29")
    assert (rows["Sở Tư pháp"][10], rows["Sở Tư pháp"][11]) == ("1", "2")
    assert (rows["Tổng cộng"][10], rows["Tổng cộng"][11]) == ("205", "437")
    html = response.content.decode()
    assert 'id="report-chart-data"' in html and 'id="chart-agencies"' in html
    assert "<script>" not in html and "onclick" not in html


def test_officers_never_count_other_agencies_drafts(client, world):
    submission(world["agencies"]["Viện Kiểm sát nhân dân tỉnh"], world["period"], "draft")
    client.force_login(world["leader"])
    response = client.get(bloc_url(world))
    assert response.context["report"].scope == "accepted"
    total = html_tables(response.content.decode())["by_agency"][-1]
    assert (total[10], total[11]) == ("191", "398")
    # asking for everything is refused with a form error, and the drafts stay out
    response = client.get(bloc_url(world), {"scope": "all"})
    assert response.status_code == 200
    assert response.context["form"].errors["scope"]
    assert response.context["report"].scope == "accepted"
    assert "Viện Kiểm sát nhân dân tỉnh" in response.context["doc"].partial_notice()


def test_home_affairs_counts_accepted_by_default_and_may_choose_drafts(client, world):
    submission(world["agencies"]["Viện Kiểm sát nhân dân tỉnh"], world["period"], "draft")
    client.force_login(world["ha"])
    response = client.get(bloc_url(world))
    assert response.context["report"].totals["granted__total__c"] == 191
    assert "Số liệu theo báo cáo của các cơ quan, đơn vị đã được Sở Nội vụ tiếp nhận." in response.content.decode()
    report = client.get(bloc_url(world), {"scope": "all", "status": "granted"}).context["report"]
    assert report.totals["granted__total__c"] == 205 and report.statuses == ["granted"]


@pytest.mark.parametrize(
    "query", [{"status": "everything"}, {"scope": "<script>"}, {"status": "granted", "scope": "x" * 500}]
)
def test_bad_filter_is_a_form_error_not_500_and_writes_nothing(client, world, query):
    before = list(AwardRecord.objects.values_list("id", "collectives", "individuals").order_by("id"))
    client.force_login(world["ha"])
    response = client.get(bloc_url(world), query)
    assert response.status_code == 200 and response.context["form"].errors
    # a download with bad filters shows the page with the error instead of a file
    response = client.get(bloc_url(world, fmt="xlsx"), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert list(AwardRecord.objects.values_list("id", "collectives", "individuals").order_by("id")) == before


@pytest.mark.parametrize(
    "url",
    [
        "/reports/bloc/{pk}/2022/h2/",
        "/reports/bloc/{pk}/99999/h1/",
        "/reports/bloc/{pk}/2022/h1/pdf/",
        "/reports/bloc/999999/2022/h1/",
    ],
)
def test_bad_url_parts_are_404(client, world, url):
    client.force_login(world["ha"])
    assert client.get(url.format(pk=world["bloc"].pk)).status_code == 404


def test_downloads_are_files(client, world):
    client.force_login(world["ha"])
    xlsx = client.get(bloc_url(world, fmt="xlsx"))
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="bao-cao-' in xlsx["Content-Disposition"] and xlsx.content[:2] == b"PK"
    docx = client.get(bloc_url(world, fmt="docx"))
    assert docx["Content-Disposition"].endswith('.docx"') and docx.content[:2] == b"PK"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("officer_other", 404),
        ("ha_other", 404),
        ("leader", 403),
        ("member", 403),
        ("ha", 200),
        ("ha_successor", 200),
        ("admin", 200),
    ],
)
def test_rollup_and_statutory_access_by_role(client, world, who, expected):
    user = world.get(who) if who else None
    pk = world["province"].pk
    urls = [
        reverse("reports:rollup", args=[pk, 2022, "h1"]),
        reverse("reports:rollup_export", args=[pk, 2022, "year", "xlsx"]),
        reverse("reports:rollup_export", args=[pk, 2022, "year", "docx"]),
        reverse("reports:statutory", args=[pk, 2022]),
        reverse("reports:statutory_export", args=[pk, 2022, "xlsx"]),
        reverse("reports:statutory_export", args=[pk, 2022, "docx"]),
    ]
    for url in urls:
        assert _get(client, user, url).status_code == expected, url


def test_rollup_page_shows_the_bloc_line(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("reports:rollup", args=[world["province"].pk, 2022, "h1"]))
    [row] = html_tables(response.content.decode())["blocs"][:1]
    assert row[1] == "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
    assert row[2] == "Công an tỉnh" and row[3] == "Sở Tư pháp"
    assert (row[4], row[5]) == ("7", "4")
    assert (row[14], row[15]) == ("205", "437")


def test_index_lists_the_reports_a_user_may_open(client, world):
    client.force_login(world["ha"])
    html = client.get(reverse("reports:index"), {"year": 2022}).content.decode()
    assert bloc_url(world) in html and reverse("reports:statutory", args=[world["province"].pk, 2022]) in html
    client.force_login(world["member"])
    html = client.get(reverse("reports:index"), {"year": 2022}).content.decode()
    assert bloc_url(world) in html and "/reports/statutory/" not in html
    assert client.get(reverse("reports:index"), {"year": "abc"}).status_code == 200


def test_index_opens_on_the_latest_year_with_reports(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("reports:index"))
    assert response.context["year"] == 2022  # the world's reports are of 2022, not this year
    assert bloc_url(world) in response.content.decode()


def test_bloc_page_links_to_the_reports_without_extra_queries(client, world):
    client.force_login(world["ha"])
    html = client.get(reverse("blocs:detail", args=[world["bloc"].pk]), {"year": 2022}).content.decode()
    assert bloc_url(world) in html and bloc_url(world, period="year") in html
    assert reverse("reports:index") in html  # the nav link


def _grow(world, n):
    """n more member agencies with records in every table of the report."""
    bloc, province, period = world["bloc"], world["province"], world["period"]
    previous = PeriodFactory(province=province, year=2021, kind=period.kind)
    extra = [AgencyFactory(province=province) for _ in range(n)]
    members = [*world["agencies"].values(), *extra]
    a = world["agencies"]
    services.set_roster(bloc=bloc, year=2022, agencies=members, leader=a["Công an tỉnh"], deputies=[a["Sở Tư pháp"]])
    services.set_roster(bloc=bloc, year=2021, agencies=members)
    for agency in extra:
        award(agency, period, "giay-khen", 1, 1)
        award(agency, period, "bang-khen-thu-tuong", 1, 1, status="proposed")
        award(agency, previous, "cstd-co-so", 0, 3)


# Downloads: session, user, (officer: agency), lineage, bloc, (officer: role in the bloc), then
# the report: periods, roster, sums per agency × form, history, whether the bloc has any
# conference of the year (5), the document's stored metadata (number, date, signer: 1); the
# annual report adds the scoring table (1). With conferences,
# their minutes, votes and election add a fixed number more. The page adds one query: the
# user's province or agency's province for the page header.
def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


DOWNLOAD_QUERIES = {("ha", "h1"): 10, ("ha", "year"): 11, ("leader", "h1"): 12, ("leader", "year"): 13}
# With the rows cached: session, user, lineage, the bloc (the leader's officer: + the agency and
# its role in the bloc), the data version, the document's stored metadata; the page adds the
# header's province
CACHED_QUERIES = {"ha": 6, "leader": 8}


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("period", ["h1", "year"])
@pytest.mark.parametrize("who", ["ha", "leader"])
def test_bloc_report_page_and_exports_query_count_is_constant(
    client, world, django_assert_num_queries, extra, period, who
):
    PeriodFactory(province=world["province"], year=2022, kind="year")
    _grow(world, extra)
    client.force_login(world[who])
    downloads = DOWNLOAD_QUERIES[(who, period)]
    # Computed (the rows not cached): the report's queries and the data version (1). Cached: the
    # selector's queries are gone, whatever the size of the bloc.
    cached = CACHED_QUERIES[who]
    for fmt, expected, expected_cached in (
        (None, downloads + 1, cached + 1),
        ("xlsx", downloads, cached),
        ("docx", downloads, cached),
    ):
        caches["reports"].clear()
        with django_assert_num_queries(expected + 1):
            response = client.get(bloc_url(world, period=period, fmt=fmt))
        assert response.status_code == 200
        with django_assert_num_queries(expected_cached):
            again = client.get(bloc_url(world, period=period, fmt=fmt))
        assert again.status_code == 200
        assert fmt or _without_csrf(again.content) == _without_csrf(response.content)


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("period", ["h1", "year"])
def test_rollup_and_statutory_query_count_is_constant(client, world, django_assert_num_queries, extra, period):
    PeriodFactory(province=world["province"], year=2022, kind="year")
    _grow(world, extra)
    client.force_login(world["ha"])
    pk = world["province"].pk
    # session, user, province, lineage + the roll-up (5) and its conference part (1, annual 2),
    # the document's stored metadata (1); the page adds the header's province (1)
    rollup = 11 if period == "h1" else 12
    # with the rows cached: session, user, province, lineage, the data version, the metadata
    cached = 6
    for fmt, expected, expected_cached in (
        (None, rollup + 1, cached + 1),
        ("xlsx", rollup, cached),
        ("docx", rollup, cached),
    ):
        url = (
            reverse("reports:rollup_export", args=[pk, 2022, period, fmt])
            if fmt
            else reverse("reports:rollup", args=[pk, 2022, period])
        )
        caches["reports"].clear()
        with django_assert_num_queries(expected + 1):  # + the data version
            assert client.get(url).status_code == 200
        with django_assert_num_queries(expected_cached):
            assert client.get(url).status_code == 200
    # session, user, province, lineage + period, forms, sums, the stored metadata; the page adds
    # the header's province
    for fmt, expected in ((None, 9), ("xlsx", 8), ("docx", 8)):
        url = (
            reverse("reports:statutory_export", args=[pk, 2022, fmt])
            if fmt
            else reverse("reports:statutory", args=[pk, 2022])
        )
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 20])
def test_index_query_count_is_constant(client, world, django_assert_num_queries, extra):
    from tests.factories import BlocFactory

    for _ in range(extra):
        bloc = BlocFactory(province=world["province"])
        services.set_roster(bloc=bloc, year=2022, agencies=[AgencyFactory(province=world["province"])])
    client.force_login(world["ha"])
    # session, user, lineage, the provinces' years (menu), blocs with aggregates, provinces, header province
    with django_assert_num_queries(7):
        response = client.get(reverse("reports:index"), {"year": 2022})
    assert len(response.context["blocs"]) == 1 + extra
