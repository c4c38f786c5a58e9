import datetime

import pytest
from django.utils import translation

from conferences.documents import document_text
from reports import exports, selectors
from reports.tables import Column, Table, bloc_report_tables, rollup_tables, statutory_tables
from tests.factories import AgencyFactory
from tests.reports.factories import PeriodFactory, award, bac_giang_h1_2022
from tests.reports.readers import (
    docx_document,
    docx_table_rows,
    first_body_row,
    numeric_rows,
    table_sheet,
    xlsx_numbers,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db
DATE = datetime.date(2022, 7, 4)  # "today", before the period's deadline (15/07): the date line


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def test_header_cells_merge_groups_and_span_short_paths_down():
    table = Table(
        key="t",
        title="t",
        columns=[
            Column(("No.",), numeric=False),
            Column(("G", "A", "c")),
            Column(("G", "A", "i")),
            Column(("G", "B", "c")),
            Column(("H", "A", "c")),
        ],
    )
    cells = [(c.label, c.row, c.col, c.rowspan, c.colspan) for c in table.header_cells()]
    assert cells == [
        ("No.", 0, 0, 3, 1),
        ("G", 0, 1, 1, 3),
        ("H", 0, 4, 1, 1),
        ("A", 1, 1, 1, 2),
        ("B", 1, 3, 1, 1),
        ("A", 1, 4, 1, 1),
        ("c", 2, 1, 1, 1),
        ("i", 2, 2, 1, 1),
        ("c", 2, 3, 1, 1),
        ("c", 2, 4, 1, 1),
    ]


def _report():
    case = bac_giang_h1_2022()
    award(case["agencies"]["Công an tỉnh"], case["period"], "bang-khen-thu-tuong", 2, 3, status="proposed")
    previous = PeriodFactory(province=case["province"], year=2021, kind="h1")
    award(case["agencies"]["Công an tỉnh"], previous, "giay-khen", 150, 300)
    return case, selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")


def test_xlsx_has_the_document_sheet_then_one_sheet_per_table_with_the_same_numbers():
    _case, report = _report()
    tables = bloc_report_tables(report)
    wb = xlsx_sheets(exports.bloc_report_xlsx(report, DATE))
    assert len(wb.worksheets) == len(tables) + 1
    doc = wb.worksheets[0]
    assert doc["A1"].value == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH BẮC GIANG"
    assert doc["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert doc["B3"].value == "Bắc Giang, ngày 04 tháng 7 năm 2022"
    assert wb.properties.creator == "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
    for ws, table in zip(wb.worksheets[1:], tables, strict=True):
        assert xlsx_numbers(ws, table) == table.numbers()
        assert len(ws.title) <= 31 and ws.title == table.sheet  # whole phrases, never cut
        assert ws["A1"].value == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH BẮC GIANG"
        assert ws["A2"].value == "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH BẮC GIANG"
        assert int(ws.page_setup.paperSize) == 9 and ws.sheet_properties.pageSetUpPr.fitToPage  # A4, fit width
        assert ws.print_title_rows  # header rows repeated on every printed page
    ws = table_sheet(wb, tables[1])  # awards by member agency
    first = first_body_row(ws, tables[1])
    assert ws.page_setup.orientation == "landscape"
    assert ws.freeze_panes == f"C{first}"
    assert ws.cell(row=first - 3, column=3).value == "Được khen thưởng"
    police = next(r for r in ws.iter_rows(min_row=first, values_only=True) if r[1] == "Công an tỉnh")
    assert police[8:12] == (190, 367, 190, 367)  # level not stated, then the total: numbers, not text
    total = next(r for r in ws.iter_rows(min_row=first, values_only=True) if r[1] == "Tổng cộng")
    assert total[10:12] == (205, 437)  # totals are values (see the module docstring), not formulas
    # the header block's rows are as high as their wrapped text needs: nothing overprints
    assert all(ws.row_dimensions[r].height for r in (1, 2, 3))


def test_docx_is_decree_30_and_has_the_same_numbers():
    _case, report = _report()
    tables = bloc_report_tables(report)
    doc = docx_document(exports.bloc_report_docx(report, DATE))
    text = document_text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bắc Giang, ngày 04 tháng 7 năm 2022" in text and "Nơi nhận:" in text
    assert "SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM 2022" in text.upper()
    assert "Khen thưởng được tặng: 205 lượt tập thể, 437 lượt cá nhân." in text
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 1.5
    assert doc.sections[-1].orientation == 1  # the landscape appendix
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    # the header table first, then the tables in order (members inline, the wide ones in the appendix)
    by_shape = {(len(t.columns), len(t.rows)): t for t in doc.tables[1:]}
    for table in tables:
        doc_table = by_shape[(len(table.columns), table.depth + len(table.numbers()))]
        assert numeric_rows(docx_table_rows(doc_table, table.depth), table) == table.numbers()


def test_formula_in_an_agency_name_exports_as_inert_text():
    case = bac_giang_h1_2022()
    evil = AgencyFactory(province=case["province"], name='=HYPERLINK("http://x","y")')
    from blocs import services

    services.set_roster(bloc=case["bloc"], year=2022, agencies=[*case["agencies"].values(), evil])
    award(evil, case["period"], "giay-khen", 1, 1)
    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    wb = xlsx_sheets(exports.bloc_report_xlsx(report, DATE))
    cells = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells, "the agency is in the export"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix
        assert cell.value == '=HYPERLINK("http://x","y")'


def test_rollup_and_statutory_exports_carry_the_selector_numbers():
    case = bac_giang_h1_2022()
    year = PeriodFactory(province=case["province"], year=2022, kind="year")
    award(case["agencies"]["Sở Tư pháp"], year, "bang-khen-thu-tuong", 1, 2)
    rollup = selectors.province_rollup(province=case["province"], year=2022, kind="h1", scope="all")
    tables = rollup_tables(rollup)
    wb = xlsx_sheets(exports.rollup_xlsx(rollup, DATE))
    assert xlsx_numbers(table_sheet(wb, tables[0]), tables[0]) == tables[0].numbers()
    doc = docx_document(exports.rollup_docx(rollup, DATE))
    assert numeric_rows(docx_table_rows(doc.tables[-1], tables[0].depth), tables[0]) == tables[0].numbers()
    assert tables[0].numbers()[-1][:2] == [7, 4]  # members, submitted

    stat = selectors.statutory_forms(province=case["province"], year=2022)
    st_tables = statutory_tables(stat)
    wb = xlsx_sheets(exports.statutory_xlsx(stat, DATE))
    for table in st_tables:
        assert xlsx_numbers(table_sheet(wb, table), table) == table.numbers()
    assert st_tables[0].numbers()[-1] == [1, 2, 3]
    text = document_text(docx_document(exports.statutory_docx(stat, DATE)))
    assert "0602.N" in text and "0603.N" in text


def test_statutory_forms_number_their_rows_never_with_an_internal_code():
    case = bac_giang_h1_2022()
    stat = selectors.statutory_forms(province=case["province"], year=2022)
    for table in statutory_tables(stat):
        codes = [row[1] for row in table.rows]
        assert codes == [f"{n:02d}" for n in range(1, len(codes) + 1)]


def test_html_export_is_self_contained():
    _case, report = _report()
    html = exports.bloc_report_html(report, DATE)
    assert html.startswith("<!doctype html>") and "@media print" in html
    assert "Công an tỉnh" in html and "<script" not in html
