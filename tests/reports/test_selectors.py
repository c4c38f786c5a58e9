import pytest

from blocs import services
from blocs.models import Agency
from reports import selectors
from reports.selectors import TOTAL, key
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory
from tests.reports.factories import PeriodFactory, award, bac_giang_h1_2022, submission

pytestmark = pytest.mark.django_db


def _pairs(report, status="granted", level=TOTAL):
    return {m.name: (m.get(status, level, "c"), m.get(status, level, "i")) for m in report.members}


def test_bac_giang_six_month_report_per_agency_and_totals():
    case = bac_giang_h1_2022()
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    assert _pairs(report) == {
        "Bộ Chỉ huy Quân sự tỉnh": (0, 0),
        "Công an tỉnh": (190, 367),
        "Viện Kiểm sát nhân dân tỉnh": (14, 39),
        "Tòa án nhân dân tỉnh": (0, 29),
        "Cục Thi hành án dân sự tỉnh": (0, 0),
        "Thanh tra tỉnh": (0, 0),
        "Sở Tư pháp": (1, 2),
    }
    t = report.totals
    assert (t[key("granted", TOTAL, "c")], t[key("granted", TOTAL, "i")]) == (205, 437)
    assert (t[key("granted", "unstated", "c")], t[key("granted", "unstated", "i")]) == (190, 367)
    assert (t[key("granted", "unit", "c")], t[key("granted", "unit", "i")]) == (14, 68)
    assert (t[key("granted", "ministry_province", "c")], t[key("granted", "ministry_province", "i")]) == (1, 2)
    assert (t[key("granted", "state", "c")], t[key("granted", "state", "i")]) == (0, 0)
    assert (t[key("proposed", TOTAL, "c")], t[key("proposed", TOTAL, "i")]) == (0, 0)


def test_by_form_merges_authorities_of_the_same_form():
    case = bac_giang_h1_2022()
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    rows = {
        f.name: (f.counts[key("granted", TOTAL, "c")], f.counts[key("granted", TOTAL, "i")]) for f in report.by_form
    }
    assert rows == {
        "Bằng khen cấp bộ, ban, ngành, tỉnh": (1, 2),
        "Giấy khen": (14, 68),
        "Khen thưởng (hình thức và cấp không nêu rõ)": (190, 367),
    }
    assert (report.by_form_totals[key("granted", TOTAL, "c")], report.by_form_totals[key("granted", TOTAL, "i")]) == (
        205,
        437,
    )


def test_proposed_counts_are_kept_apart_from_granted():
    case = bac_giang_h1_2022()
    police = case["agencies"]["Công an tỉnh"]
    award(police, case["period"], "bang-khen-thu-tuong", 14, 200, status="proposed")
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    assert _pairs(report)["Công an tỉnh"] == (190, 367)
    assert _pairs(report, "proposed")["Công an tỉnh"] == (14, 200)
    assert _pairs(report, "proposed", "state")["Công an tỉnh"] == (14, 200)
    assert report.totals[key("proposed", TOTAL, "i")] == 200


def test_annual_report_reads_only_the_full_year_period():
    case = bac_giang_h1_2022()
    year_period = PeriodFactory(province=case["province"], year=2022, kind="year")
    award(case["agencies"]["Công an tỉnh"], year_period, "giay-khen", 300, 600)
    annual = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="year")
    six_month = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    assert annual.totals[key("granted", TOTAL, "c")] == 300
    assert annual.totals[key("granted", TOTAL, "i")] == 600
    assert six_month.totals[key("granted", TOTAL, "c")] == 205


def test_scope_accepted_leaves_out_submitted_and_drafts_and_reports_partial():
    case = bac_giang_h1_2022()
    a = case["agencies"]
    submission(a["Công an tỉnh"], case["period"], "submitted")
    submission(a["Viện Kiểm sát nhân dân tỉnh"], case["period"], "draft")
    accepted = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1", scope="accepted")
    sent = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1", scope="submitted")
    everything = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1", scope="all")
    assert accepted.totals[key("granted", TOTAL, "c")] == 1
    assert accepted.totals[key("granted", TOTAL, "i")] == 31
    assert sent.totals[key("granted", TOTAL, "c")] == 191
    assert everything.totals[key("granted", TOTAL, "c")] == 205
    assert [m.name for m in everything.not_sent] == [
        "Bộ Chỉ huy Quân sự tỉnh",
        "Cục Thi hành án dân sự tỉnh",
        "Thanh tra tỉnh",
        "Viện Kiểm sát nhân dân tỉnh",
    ]
    assert {m.name for m in accepted.not_counted} == {
        "Bộ Chỉ huy Quân sự tỉnh",
        "Cục Thi hành án dân sự tỉnh",
        "Thanh tra tỉnh",
        "Viện Kiểm sát nhân dân tỉnh",
        "Công an tỉnh",
    }
    assert accepted.is_partial and everything.is_partial


def test_complete_report_is_not_partial():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p)
    a, b = AgencyFactory(province=p), AgencyFactory(province=p)
    services.set_roster(bloc=bloc, year=2022, agencies=[a, b], leader=a, deputies=[b])
    period = PeriodFactory(province=p, year=2022, kind="h1")
    award(a, period, "giay-khen", 1, 1)
    submission(b, period, "accepted")
    report = selectors.bloc_report(bloc=bloc, year=2022, kind="h1", scope="accepted")
    assert not report.is_partial
    assert report.leader.agency_id == a.id and [d.agency_id for d in report.deputies] == [b.id]


def test_comparison_with_previous_year_counts_that_years_members():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p)
    a, b, c = (AgencyFactory(province=p) for _ in range(3))
    services.set_roster(bloc=bloc, year=2021, agencies=[a, b])
    services.set_roster(bloc=bloc, year=2022, agencies=[a, c])
    p21, p22 = PeriodFactory(province=p, year=2021), PeriodFactory(province=p, year=2022)
    award(a, p21, "giay-khen", 10, 20)
    award(b, p21, "giay-khen", 5, 5)  # a member in 2021 only
    award(c, p21, "giay-khen", 100, 100)  # not a member in 2021: not counted for 2021
    award(a, p22, "giay-khen", 12, 30)
    award(c, p22, "bang-khen-bo-tinh", 3, 0)
    report = selectors.bloc_report(bloc=bloc, year=2022, kind="h1", status="granted")
    rows = {(r.level, r.recipient): (r.current, r.previous, r.difference, r.percent) for r in report.comparison}
    assert rows[(TOTAL, "c")] == (15, 15, 0, 0.0)
    assert rows[(TOTAL, "i")] == (30, 25, 5, 20.0)
    assert rows[("unit", "c")] == (12, 15, -3, -20.0)
    assert rows[("ministry_province", "c")] == (3, 0, 3, None)
    assert {r.status for r in report.comparison} == {"granted"}
    assert [(h.year, h.counts[key("granted", TOTAL, "c")]) for h in report.history] == [(2021, 15), (2022, 15)]


def test_percent_change_rounds_half_up_to_one_decimal():
    assert selectors.percent_change(2, 3) == -33.3
    assert selectors.percent_change(1, 8) == -87.5
    assert selectors.percent_change(5, 0) is None
    assert selectors.percent_change(3, 2) == 50.0


def test_report_keeps_the_name_of_the_year_after_a_renaming():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p)
    old = AgencyFactory(province=p, name="Cục Thi hành án dân sự tỉnh")
    services.set_roster(bloc=bloc, year=2022, agencies=[old])
    new = AgencyFactory(province=p, name="Thi hành án dân sự tỉnh")
    Agency.objects.filter(pk=old.pk).update(successor=new)
    award(old, PeriodFactory(province=p, year=2022), "giay-khen", 1, 2)
    report = selectors.bloc_report(bloc=bloc, year=2022, kind="h1")
    assert [m.name for m in report.members] == ["Cục Thi hành án dân sự tỉnh"]


def test_report_without_period_is_all_zero():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p)
    services.set_roster(bloc=bloc, year=2022, agencies=[AgencyFactory(province=p)])
    report = selectors.bloc_report(bloc=bloc, year=2022, kind="year")
    assert report.period is None
    assert report.totals[key("granted", TOTAL, "c")] == 0
    assert [m.submission_state for m in report.members] == [None]


def test_annual_report_lists_next_years_leadership():
    p = ProvinceFactory()
    bloc = BlocFactory(province=p)
    a, b, c = (AgencyFactory(province=p, name=n) for n in ("A", "B", "C"))
    services.set_roster(bloc=bloc, year=2022, agencies=[a, b, c], leader=a)
    services.set_roster(bloc=bloc, year=2023, agencies=[a, b, c], leader=c, deputies=[b])
    report = selectors.bloc_report(bloc=bloc, year=2022, kind="year")
    assert (report.next_leader, report.next_deputies) == ("C", ["B"])
    assert selectors.bloc_report(bloc=bloc, year=2022, kind="h1").next_leader is None


def _bloc_with_agencies(p, n, year=2022, period=None):
    bloc = BlocFactory(province=p)
    agencies = [AgencyFactory(province=p) for _ in range(n)]
    services.set_roster(bloc=bloc, year=year, agencies=agencies, leader=agencies[0])
    for a in agencies:
        award(a, period, "giay-khen", 1, 2)
        award(a, period, "bang-khen-thu-tuong", 1, 1, status="proposed")
    return bloc


@pytest.mark.parametrize("n", [1, 40])
def test_bloc_report_query_count_does_not_depend_on_size(django_assert_num_queries, n):
    p = ProvinceFactory()
    period = PeriodFactory(province=p, year=2022, kind="year")
    bloc = _bloc_with_agencies(p, n, period=period)
    bloc = type(bloc).objects.select_related("province").get(pk=bloc.pk)
    # periods, roster (with next year's leadership), sums per agency × form, history
    with django_assert_num_queries(4 + selectors_extra_queries()):
        report = selectors.bloc_report(bloc=bloc, year=2022, kind="year")
    assert report.totals[key("granted", TOTAL, "i")] == 2 * n


def selectors_extra_queries() -> int:
    """Queries the conference and scoring parts add (0 until those apps provide selectors)."""
    from tests.reports.conftest import INTEGRATION_QUERIES

    return INTEGRATION_QUERIES


def test_rollup_per_bloc_totals_submissions_and_leadership():
    p = ProvinceFactory()
    period = PeriodFactory(province=p, year=2022, kind="h1")
    b1 = BlocFactory(province=p, name="Khối 1", number=1)
    b2 = BlocFactory(province=p, name="Khối 2", number=2)
    BlocFactory(province=p, name="Khối không có thành viên 2022")
    a = [AgencyFactory(province=p, name=f"CQ {i}") for i in range(5)]
    services.set_roster(bloc=b1, year=2022, agencies=a[:3], leader=a[0], deputies=[a[1]])
    services.set_roster(bloc=b2, year=2022, agencies=a[3:], leader=a[4])
    services.set_roster(bloc=b2, year=2021, agencies=a[:2])  # another year: not counted
    award(a[0], period, "giay-khen", 2, 3)
    award(a[1], period, "cstd-bo-tinh", 0, 4, state="draft")
    award(a[3], period, "hc-lao-dong-hang-3", 1, 0, status="proposed", state="submitted")
    rollup = selectors.province_rollup(province=p, year=2022, kind="h1")
    assert [(r.name, r.leader, r.deputies, r.member_count, r.submitted_count) for r in rollup.rows] == [
        ("Khối 1", "CQ 0", ["CQ 1"], 3, 1),
        ("Khối 2", "CQ 4", [], 2, 1),
    ]
    r1, r2 = rollup.rows
    assert (r1.counts[key("granted", TOTAL, "c")], r1.counts[key("granted", TOTAL, "i")]) == (2, 7)
    assert r1.counts[key("granted", "ministry_province", "i")] == 4
    assert r2.counts[key("proposed", "state", "c")] == 1
    assert rollup.totals[key("granted", TOTAL, "i")] == 7
    accepted = selectors.province_rollup(province=p, year=2022, kind="h1", scope="accepted")
    assert accepted.totals[key("granted", TOTAL, "i")] == 3
    assert accepted.totals[key("proposed", TOTAL, "c")] == 0


@pytest.mark.parametrize("blocs", [1, 15])
def test_rollup_query_count_does_not_depend_on_size(django_assert_num_queries, blocs):
    p = ProvinceFactory()
    period = PeriodFactory(province=p, year=2022, kind="year")
    for _ in range(blocs):
        _bloc_with_agencies(p, 3, period=period)
    from tests.reports.conftest import ROLLUP_INTEGRATION_QUERIES

    with django_assert_num_queries(5 + ROLLUP_INTEGRATION_QUERIES):
        rollup = selectors.province_rollup(province=p, year=2022, kind="year")
    assert len(rollup.rows) == blocs


def _statutory_case():
    p = ProvinceFactory()
    h1 = PeriodFactory(province=p, year=2022, kind="h1")
    year = PeriodFactory(province=p, year=2022, kind="year")
    a, b = AgencyFactory(province=p), AgencyFactory(province=p)  # b is in no bloc: still counted
    award(a, year, "hc-lao-dong-hang-3", 1, 2)
    award(b, year, "hc-lao-dong-hang-3", 0, 1)
    award(a, year, "hcg-chien-si-ve-vang-hang-1", 0, 4)
    award(a, year, "bang-khen-thu-tuong", 2, 5)
    award(a, year, "bang-khen-thu-tuong", 9, 9, status="proposed")
    award(b, year, "co-thi-dua-chinh-phu", 1, 0)
    award(a, year, "cstd-toan-quoc", 0, 2)
    award(a, year, "anh-hung-lao-dong", 1, 0)
    award(a, year, "co-thi-dua-bo-tinh", 1, 0)
    award(a, year, "cstd-bo-tinh", 0, 3)
    award(a, year, "bang-khen-bo-tinh", 4, 6)
    award(b, year, "bang-khen-bo-tinh", 1, 1, authority="Bộ trưởng Bộ Tư pháp")
    award(a, year, "ky-niem-chuong", 0, 7)
    award(a, year, "giay-khen", 50, 50)  # unit level: in neither form
    award(a, h1, "bang-khen-thu-tuong", 100, 100)  # the first half is not the annual figure
    award(AgencyFactory(), PeriodFactory(year=2022, kind="year"), "bang-khen-thu-tuong", 7, 7)  # elsewhere
    return p


def _lines(lines):
    return {line.code: line.values for line in lines if line.code}


def test_statutory_forms_count_state_and_ministry_province_awards_of_the_year():
    report = selectors.statutory_forms(province=_statutory_case(), year=2022)
    rows = {r.code: (r.collectives, r.individuals) for r in report.form_0602}
    assert rows["hc-lao-dong-hang-3"] == (1, 3)
    assert rows["bang-khen-thu-tuong"] == (2, 5)
    assert rows["hc-sao-vang"] == (0, 0)
    assert len(report.form_0602) == 33
    assert (report.total_0602.collectives, report.total_0602.individuals) == (5, 14)
    assert [(r.code, r.collectives, r.individuals) for r in report.form_0603] == [
        ("0603_ctd", 1, 0),
        ("0603_cstd", 0, 3),
        ("0603_bk", 5, 7),
        ("0603_knc", 0, 7),
    ]


def test_form_0602_has_the_circulars_rows_and_fills_what_the_records_say():
    report = selectors.statutory_forms(province=_statutory_case(), year=2022)
    lines = report.bieu_0602
    assert [line.code for line in lines] == [
        "01", "", "02", "03", "", "06", "07", "08", "09", "10", "11", "12", "13", "14",
        "", "15", "16", "17", "18", "19", "20", "21",
    ]  # fmt: skip
    assert [(line.label, line.unit) for line in lines][:14] == [
        ("Tổng số", ""),
        ("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", ""),
        ("- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành"),
        ("- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, thành phố"),
        ("2. Chia theo đối tượng khen thưởng", ""),
        ("- Tập thể", "Tập thể"),
        ("Trong đó: Doanh nghiệp", "Doanh nghiệp"),
        ("- Hộ gia đình", "Hộ"),
        ("- Cá nhân", "Người"),
        ("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người"),
        ("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người"),
        ("+ Doanh nhân", "Người"),
        ("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "Người"),
        (
            "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
            "Người",
        ),
    ]
    assert [line.label for line in lines][14:] == [
        "3. Chia theo phương thức khen thưởng",
        *(
            f"- {k}"
            for k in ("Thường xuyên", "Chuyên đề", "Đột xuất", "Đối ngoại", "Cống hiến", "Niên hạn", "Kháng chiến")
        ),
    ]
    assert [line.strong for line in lines][:3] == [True, True, False]
    by_code = _lines(lines)
    # 1 total; 2 orders and medals (c, i); 3 Hồ Chí Minh and 4 State prizes (no form: blank);
    # 5 honorary titles (c, i); 6 Government flag; 7 Prime Minister's merit (c, i);
    # 8 national emulation fighter; 9 other forms (c, i)
    assert by_code["01"] == [19, 1, 7, None, None, 1, 0, 1, 2, 5, 2, 0, 0]
    assert by_code["03"] == by_code["01"]  # a province proposes as “Tỉnh, thành phố”
    assert by_code["02"] == [None] * 13  # …never as a ministry
    assert by_code["06"] == [5, 1, None, None, None, 1, None, 1, 2, None, None, 0, None]
    assert by_code["09"] == [14, None, 7, None, None, None, 0, None, None, 5, 2, None, 0]
    for code in ("07", "08", *(f"{n}" for n in range(10, 22))):
        assert by_code[code] == [None] * 13, code

    proposed = selectors.statutory_forms(province=report.province, year=2022, status="proposed")
    assert _lines(proposed.bieu_0602)["01"] == [18, 0, 0, None, None, 0, 0, 0, 9, 9, 0, 0, 0]


def test_form_0603_has_the_circulars_rows_and_columns():
    report = selectors.statutory_forms(province=_statutory_case(), year=2022)
    by_code = _lines(report.bieu_0603)
    assert list(by_code) == [f"{n:02d}" for n in range(1, 18)]
    # 1 total; 2 Bằng khen; 3 Chiến sĩ thi đua; 4 Cờ thi đua; 5 Kỷ niệm chương
    assert by_code["01"] == [23, 12, 3, 1, 7]
    assert by_code["02"] == [6, 5, 0, 1, 0]  # collectives
    assert by_code["05"] == [17, 7, 3, 0, 7]  # individuals
    for code in ("03", "04", *(f"{n:02d}" for n in range(6, 18))):
        assert by_code[code] == [None] * 5, code


def test_statutory_forms_without_a_full_year_period_print_zeros_and_blanks():
    p = ProvinceFactory()
    report = selectors.statutory_forms(province=p, year=2022)
    assert _lines(report.bieu_0602)["01"] == [0, 0, 0, None, None, 0, 0, 0, 0, 0, 0, 0, 0]
    assert _lines(report.bieu_0603)["01"] == [0, 0, 0, 0, 0]
