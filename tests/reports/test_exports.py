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
    numeric_rows,
    xlsx_numbers,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db
DATE = datetime.date(2022, 8, 3)


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


def test_xlsx_has_one_sheet_per_table_with_the_same_numbers_and_house_layout():
    _case, report = _report()
    tables = bloc_report_tables(report)
    wb = xlsx_sheets(exports.bloc_report_xlsx(report, DATE))
    assert len(wb.worksheets) == len(tables)
    for ws, table in zip(wb.worksheets, tables, strict=True):
        assert xlsx_numbers(ws, table) == table.numbers()
        assert ws["A1"].value == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH BẮC GIANG"
        assert ws["A2"].value == "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH BẮC GIANG"
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in ws[1]]
        assert "Bắc Giang, ngày 03 tháng 8 năm 2022" in [c.value for c in ws[3]]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # 9 = A4
        assert ws["A8"].font.name == "Times New Roman"
    ws = wb.worksheets[1]  # awards by member agency
    assert ws.freeze_panes == "C11"
    assert "C8:L8" in {str(r) for r in ws.merged_cells.ranges}  # "Được khen thưởng" over 10 columns
    assert ws["C8"].value == "Được khen thưởng" and ws["C8"].font.b
    assert ws.column_dimensions["B"].width == 36
    police = next(r for r in ws.iter_rows(min_row=11, values_only=True) if r[1] == "Công an tỉnh")
    assert police[8:12] == (190, 367, 190, 367)  # level not stated, then the total: numbers, not text
    total = next(r for r in ws.iter_rows(min_row=11, values_only=True) if r[1] == "Tổng cộng")
    assert total[10:12] == (205, 437)  # totals are values (see the module docstring), not formulas


def test_docx_is_decree_30_and_has_the_same_numbers():
    _case, report = _report()
    tables = [t for t in bloc_report_tables(report) if t.key != "members"]
    doc = docx_document(exports.bloc_report_docx(report, DATE))
    text = document_text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bắc Giang, ngày 03 tháng 8 năm 2022" in text and "Nơi nhận:" in text
    assert "SƠ KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG 6 THÁNG ĐẦU NĂM 2022" in text.upper()
    assert "Khen thưởng được tặng: 205 lượt tập thể, 437 lượt cá nhân." in text
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 3.0
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    appendix = doc.tables[-len(tables) :]
    for doc_table, table in zip(appendix, tables, strict=True):
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
    rollup = selectors.province_rollup(province=case["province"], year=2022, kind="h1")
    tables = rollup_tables(rollup)
    wb = xlsx_sheets(exports.rollup_xlsx(rollup, DATE))
    assert xlsx_numbers(wb.worksheets[0], tables[0]) == tables[0].numbers()
    doc = docx_document(exports.rollup_docx(rollup, DATE))
    assert numeric_rows(docx_table_rows(doc.tables[-1], tables[0].depth), tables[0]) == tables[0].numbers()
    assert tables[0].numbers()[-1][:2] == [7, 4]  # members, submitted

    stat = selectors.statutory_forms(province=case["province"], year=2022)
    st_tables = statutory_tables(stat)
    wb = xlsx_sheets(exports.statutory_xlsx(stat, DATE))
    for ws, table in zip(wb.worksheets, st_tables, strict=True):
        assert xlsx_numbers(ws, table) == table.numbers()
    assert st_tables[0].numbers()[-1] == [1, 2, 3]
    text = document_text(docx_document(exports.statutory_docx(stat, DATE)))
    assert "0602.N" in text and "0603.N" in text


def test_html_export_is_self_contained():
    _case, report = _report()
    html = exports.bloc_report_html(report, DATE)
    assert html.startswith("<!doctype html>") and "@media print" in html
    assert "Công an tỉnh" in html and "<script" not in html
