"""Each endpoint's content against the seed cases (load_demo), compared with the reports."""

import pytest
from django.urls import reverse

from awards.models import ReportingPeriod
from blocs.models import Agency, Bloc, Membership, Province
from conferences.models import Conference
from reports import selectors as report_selectors
from reports.selectors import TOTAL, key
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

BAC_KAN_BLOC = "Khối thi đua Nội chính tỉnh Bắc Kạn"


def results(client, name, **params):
    response = client.get(reverse(f"api:{name}"), {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_award_counts_bac_giang_h1_2022_equal_the_report(bg_client, bac_giang_bloc):
    rows = results(bg_client, "award_counts", bloc=bac_giang_bloc.pk, year=2022, kind="h1", status="granted")
    report = report_selectors.bloc_report(bloc=bac_giang_bloc, year=2022, kind="h1", status="granted")
    collectives = sum(r["collectives"] for r in rows)
    individuals = sum(r["individuals"] for r in rows)
    assert (collectives, individuals) == (205, 437)
    assert (collectives, individuals) == (
        report.totals[key("granted", TOTAL, "c")],
        report.totals[key("granted", TOTAL, "i")],
    )
    by_agency = {}
    for r in rows:
        c, i = by_agency.get(r["agency_name"], (0, 0))
        by_agency[r["agency_name"]] = (c + r["collectives"], i + r["individuals"])
    assert by_agency == {
        "Công an tỉnh": (190, 367),
        "Viện Kiểm sát nhân dân tỉnh": (14, 39),
        "Tòa án nhân dân tỉnh": (0, 29),
        "Sở Tư pháp": (1, 2),
    }
    assert {r["submission_state"] for r in rows} == {"accepted"}


def test_award_counts_by_form_sum_to_the_same_totals(bg_client, bac_giang_bloc):
    rows = results(bg_client, "award_counts", bloc=bac_giang_bloc.pk, year=2022, kind="h1", status="granted", by="form")
    assert (sum(r["collectives"] for r in rows), sum(r["individuals"] for r in rows)) == (205, 437)
    assert all(r["form_code"] and r["form_name"] for r in rows)


def test_bloc_report_rows_are_the_report_rows(bg_client, bac_giang_bloc):
    url = reverse("api:bloc_report", args=[bac_giang_bloc.pk, 2022, "h1"])
    data = bg_client.get(url, {"status": "granted"}).json()
    assert (data["totals"]["granted__total__c"], data["totals"]["granted__total__i"]) == (205, 437)
    assert data["scope"] == "accepted"  # the official scope by default, as the report page
    names = [m["name"] for m in data["members"]]
    assert len(names) == 7
    police = next(m for m in data["members"] if m["name"] == "Công an tỉnh")
    assert (police["counts"]["granted__total__c"], police["counts"]["granted__total__i"]) == (190, 367)
    assert police["submission_state"] == "accepted"


def test_rollup_and_statutory_forms_of_the_province(bg_client, bac_giang, bac_giang_bloc):
    rollup = bg_client.get(reverse("api:rollup", args=[bac_giang.pk, 2022, "h1"]), {"status": "granted"}).json()
    [row] = rollup["rows"]
    assert row["bloc"] == bac_giang_bloc.pk
    assert (row["member_count"], row["submitted_count"]) == (7, 4)
    assert (rollup["totals"]["granted__total__c"], rollup["totals"]["granted__total__i"]) == (205, 437)
    statutory = bg_client.get(reverse("api:statutory", args=[bac_giang.pk, 2022])).json()
    expected = report_selectors.statutory_forms(province=bac_giang, year=2022)
    assert [(r["code"], r["collectives"], r["individuals"]) for r in statutory["form_0602"]] == [
        (r.code, r.collectives, r.individuals) for r in expected.form_0602
    ]
    assert statutory["total_0603"]["total"] == expected.total_0603.total


def test_catalogue_endpoints_list_the_province(bg_client, bac_giang, bac_giang_bloc):
    assert [p["name"] for p in results(bg_client, "provinces")] == ["Bắc Giang"]
    province = bg_client.get(reverse("api:province", args=[bac_giang.pk])).json()
    assert province["successor"] == Province.objects.get(name="Bắc Ninh").pk
    agencies = results(bg_client, "agencies")
    assert len(agencies) == Agency.objects.filter(province=bac_giang).count()
    assert [b["name"] for b in results(bg_client, "blocs", year=2022)] == [bac_giang_bloc.name]
    assert results(bg_client, "blocs", year=2019) == []
    roster = results(bg_client, "rosters", bloc=bac_giang_bloc.pk, year=2022)
    assert sorted(r["agency_name"] for r in roster) == sorted(
        Membership.objects.filter(bloc=bac_giang_bloc, year=2022).values_list("agency__name", flat=True)
    )
    periods = results(bg_client, "periods", year=2022)
    assert [(p["year"], p["kind"], p["start_date"]) for p in periods] == [
        (2022, "h1", "2022-01-01"),
        (2022, "year", "2022-01-01"),
    ]
    h1 = ReportingPeriod.objects.get(province=bac_giang, year=2022, kind="h1")
    submissions = results(bg_client, "submissions", period=h1.pk)
    assert sorted((s["agency_name"], s["state"]) for s in submissions) == [
        ("Công an tỉnh", "accepted"),
        ("Sở Tư pháp", "accepted"),
        ("Tòa án nhân dân tỉnh", "accepted"),
        ("Viện Kiểm sát nhân dân tỉnh", "accepted"),
    ]


def test_conferences_carry_outcomes_and_the_election(demo, admin):
    bac_kan = Province.objects.get(name="Bắc Kạn")
    client, _token = token_client(bac_kan, by=admin)
    bloc = Bloc.objects.get(name=BAC_KAN_BLOC)
    [annual] = results(client, "conferences", bloc=bloc.pk, kind="annual")
    assert annual["year"] == 2022
    outcomes = [(c["agency_name"], v["kind"], c["won"]) for v in annual["votes"] for c in v["candidates"]]
    assert outcomes == [
        ("Thanh tra tỉnh", "flag", True),
        ("Bộ Chỉ huy Quân sự tỉnh", "certificate", True),
        ("Sở Tư pháp", "certificate", True),
    ]
    leader = Agency.objects.get(province=bac_kan, name="Thanh tra tỉnh")
    deputy = Agency.objects.get(province=bac_kan, name="Công an tỉnh")
    assert annual["election"]["for_year"] == 2023
    assert (annual["election"]["leader"], annual["election"]["deputies"]) == (leader.pk, [deputy.pk])
    detail = client.get(reverse("api:conference", args=[annual["id"]])).json()
    assert detail == annual
    assert len(annual["tasks"]) == 5


def test_ranking_of_dong_thap_for_home_affairs(demo, admin):
    dong_thap = Province.objects.get(name="Đồng Tháp")
    client, _token = token_client(dong_thap, by=admin)
    bloc = Bloc.objects.get(province=dong_thap)
    data = client.get(reverse("api:ranking", args=[bloc.pk, 2022])).json()
    assert data["finalised"] is False
    # The demo has no scores: no member is ranked yet (as the ranking page says "chưa chấm điểm").
    assert [(r["rank"], r["scored"]) for r in data["rows"]] == [(None, False)] * 8
    assert client.get(reverse("api:ranking", args=[bloc.pk, 2021])).status_code == 404  # no table


def test_national_token_sees_every_province(demo, admin):
    client, _token = token_client(None, by=admin)
    assert {p["name"] for p in results(client, "provinces")} == set(Province.objects.values_list("name", flat=True))
    assert len(results(client, "conferences")) == Conference.objects.count()
