"""A bloc's own totals ("Toàn khối", entered by Home Affairs when a source gives only the bloc's
figures): their own line in the bloc report, counted once in every total, the same in the
HTML page, the .xlsx and the .docx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from awards import services as award_services
from awards.models import AwardForm
from conferences.documents import document_text
from reports import exports, selectors
from reports.selectors import TOTAL, key
from reports.tables import bloc_report_tables
from tests.factories import home_affairs
from tests.reports.factories import award, bac_giang_h1_2022
from tests.reports.readers import docx_document, xlsx_sheets

pytestmark = pytest.mark.django_db

DATE = datetime.date(2022, 8, 3)


def _granted(counts):
    return counts[key("granted", TOTAL, "c")], counts[key("granted", TOTAL, "i")]


@pytest.fixture
def case():
    """Bắc Giang H1 2022 (205 / 437 from four members) plus the bloc's own totals of 20
    collectives and 50 individuals entered by Home Affairs and accepted."""
    case = bac_giang_h1_2022()
    ha = home_affairs(case["province"])
    rows = [award_services.RecordRow(form=AwardForm.objects.get(code="giay-khen"), collectives=20, individuals=50)]
    whole = award_services.submit_submission(bloc=case["bloc"], period=case["period"], rows=rows, version=0, actor=ha)
    award_services.accept_submission(submission=whole, actor=ha)
    case["ha"] = ha
    return case


def test_bloc_report_has_the_whole_bloc_line_and_counts_it_once(case):
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1", scope=selectors.SCOPE_ACCEPTED)
    assert report.whole_bloc is not None
    assert str(report.whole_bloc.name) == "Toàn khối"
    assert _granted(report.whole_bloc.counts) == (20, 50)
    assert {m.name: _granted(m.counts) for m in report.members}["Công an tỉnh"] == (190, 367)
    assert _granted(report.totals) == (225, 487)
    by_form = {f.name: _granted(f.counts) for f in report.by_form}
    assert by_form["Giấy khen"] == (34, 118)  # 14 / 68 of the members + the bloc's 20 / 50
    assert _granted(report.by_form_totals) == (225, 487)
    assert _granted(report.history[-1].counts) == (225, 487)


def test_bloc_report_without_bloc_total_has_no_whole_bloc_line():
    case = bac_giang_h1_2022()
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    assert report.whole_bloc is None
    assert report.lines == report.members


def test_whole_bloc_line_is_left_out_when_its_state_is_not_counted(case):
    ha = case["ha"]
    whole = case["bloc"].bloc_submissions.get()
    award_services.return_submission(submission=whole, actor=ha, reason="Sai số")
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1", scope=selectors.SCOPE_ACCEPTED)
    assert report.whole_bloc is None
    assert _granted(report.totals) == (205, 437)


def test_rollup_and_statutory_count_the_bloc_total_once(case):
    rollup = selectors.province_rollup(province=case["province"], year=2022, kind="h1")
    assert _granted(rollup.rows[0].counts) == (225, 487)
    assert _granted(rollup.totals) == (225, 487)


def test_whole_bloc_line_in_the_table_and_every_export(case):
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    by_agency = next(t for t in bloc_report_tables(report) if t.key == "by_agency")
    whole = [r for r in by_agency.rows if str(r[1]) == "Toàn khối"]
    assert len(whole) == 1 and whole[0][0] == ""  # its own line, not numbered as a member
    assert len(by_agency.rows) == len(report.members) + 1
    with translation.override("vi"):
        wb = xlsx_sheets(exports.bloc_report_xlsx(report, DATE))
        docx_text = document_text(docx_document(exports.bloc_report_docx(report, DATE)))
    cells = [c for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r]
    assert cells.count("Toàn khối") == 1
    assert "Toàn khối" in docx_text


def test_bloc_report_page_shows_the_whole_bloc_line(client, case):
    client.force_login(case["ha"])
    url = reverse("reports:bloc", args=[case["bloc"].pk, 2022, "h1"])
    page = client.get(url).content.decode()
    assert page.count("Toàn khối") >= 1


def test_officer_of_a_member_reads_but_members_lines_are_unchanged(case):
    # The whole-bloc records are not attributed to any member: a member's figures stay its own.
    police = case["agencies"]["Công an tỉnh"]
    award(police, case["period"], "giay-khen", 1, 0)
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    assert {m.name: _granted(m.counts) for m in report.members}["Công an tỉnh"] == (191, 367)
    assert _granted(report.totals) == (226, 487)
