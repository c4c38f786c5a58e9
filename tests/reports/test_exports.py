import datetime

import pytest
from django.utils import translation

from awards.models import AwardForm
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


def test_numbered_columns_add_a_numbering_row_under_the_labels():
    table = Table(
        key="t",
        title="t",
        columns=[
            Column(("",), numeric=False, number="A"),
            Column(("Tổng số",), number="1"),
            Column(("Chia ra", "Huân chương", "Tập thể"), number="2"),
            Column(("Chia ra", "Huân chương", "Cá nhân"), number="2"),
            Column(("Chia ra", "Cờ thi đua"), number="3"),
        ],
    )
    assert (table.label_depth, table.depth) == (3, 4)
    cells = [(c.label, c.row, c.col, c.rowspan, c.colspan) for c in table.header_cells()]
    assert cells == [
        ("", 0, 0, 3, 1),
        ("Tổng số", 0, 1, 3, 1),
        ("Chia ra", 0, 2, 1, 3),
        ("Huân chương", 1, 2, 1, 2),
        ("Cờ thi đua", 1, 4, 2, 1),
        ("Tập thể", 2, 2, 1, 1),
        ("Cá nhân", 2, 3, 1, 1),
        ("A", 3, 0, 1, 1),
        ("1", 3, 1, 1, 1),
        ("2", 3, 2, 1, 2),
        ("3", 3, 4, 1, 1),
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
    # “Tổng số” (01): total 3, then the Prime Minister's certificate of merit (column 7): 1, 2
    assert st_tables[0].numbers()[0] == [3, 0, 0, None, None, 0, 0, 0, 1, 2, 0, 0, 0]
    doc = docx_document(exports.statutory_docx(stat, DATE))
    text = document_text(doc)
    assert "Biểu số: 0602.N/BNV-TĐKT - SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in text and "0603.N/BNV-TĐKT" in text
    for table in st_tables:
        doc_table = next(t for t in doc.tables if len(t.columns) == len(table.columns))
        assert numeric_rows(docx_table_rows(doc_table, table.depth), table) == table.numbers()


def test_statutory_forms_carry_the_circulars_codes_never_an_internal_code():
    case = bac_giang_h1_2022()
    stat = selectors.statutory_forms(province=case["province"], year=2022)
    bieu_0602, bieu_0603 = statutory_tables(stat)
    assert [row[1] for row in bieu_0602.rows if row[1]] == ["01", "02", "03", *(f"{n:02d}" for n in range(6, 22))]
    assert [row[1] for row in bieu_0603.rows if row[1]] == [f"{n:02d}" for n in range(1, 18)]
    codes = set(AwardForm.objects.values_list("code", flat=True)) | set(AwardForm.StatGroup.values) - {""}
    cells = {str(v) for t in (bieu_0602, bieu_0603) for row in t.rows for v in row}
    assert cells & codes == set()


def test_statutory_forms_print_the_circulars_header_and_column_numbers():
    case = bac_giang_h1_2022()
    bieu_0602, bieu_0603 = statutory_tables(selectors.statutory_forms(province=case["province"], year=2022))
    rows = [[(c.label, c.colspan) for c in row] for row in bieu_0602.header_rows()]
    assert rows[0] == [("", 1), ("Mã số", 1), ("Đơn vị tính", 1), ("Tổng số", 1), ("Chia ra", 12)]
    assert [label for label, _ in rows[1]] == [
        "Các loại huân chương, huy chương",
        "Giải thưởng Hồ Chí Minh",
        "Giải thưởng Nhà nước",
        "Danh hiệu vinh dự nhà nước",
        "Cờ thi đua của Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Chiến sĩ thi đua toàn quốc",
        "Các hình thức khen thưởng khác",
    ]
    assert [label for label, _ in rows[2]] == [
        *("Tập thể", "Cá nhân", "Cá nhân", "Cá nhân", "Tập thể", "Cá nhân", "Tập thể"),
        *("Tập thể", "Cá nhân", "Cá nhân", "Tập thể", "Cá nhân"),
    ]
    assert rows[3] == [
        ("A", 1), ("B", 1), ("C", 1), ("1", 1), ("2", 2), ("3", 1), ("4", 1), ("5", 2), ("6", 1), ("7", 2),
        ("8", 1), ("9", 2),
    ]  # fmt: skip
    assert bieu_0602.note.splitlines() == [
        "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023",
        "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo",
        "Đơn vị báo cáo: Sở Nội vụ tỉnh Bắc Giang",
        "Đơn vị nhận báo cáo: Bộ Nội vụ",
        "Thời điểm báo cáo: năm 2022",
    ]
    assert bieu_0603.title == (
        "Biểu số: 0603.N/BNV-TĐKT - SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG "
        "VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
    )
    assert [c.label for c in bieu_0603.header_rows()[-1]] == ["A", "B", "C", "1", "2", "3", "4", "5"]


def test_statutory_document_says_which_rows_it_cannot_fill():
    case = bac_giang_h1_2022()
    doc = exports.statutory_exporter(selectors.statutory_forms(province=case["province"], year=2022), today=DATE)
    notes = exports.paragraph_texts(doc.sections[0])
    assert (
        "Tỉnh báo cáo tại dòng mã số 03 của Biểu 0602.N nên dòng mã số 02 (bộ, ban, ngành, đoàn thể Trung ương) "
        "để trống; hệ thống không ghi nhận doanh nghiệp, hộ gia đình, chức vụ của cá nhân và phương thức khen "
        "thưởng nên các dòng mã số 07, 08, 10–21 của Biểu 0602.N và các dòng mã số 03, 04, 06–17 của Biểu "
        "0603.N để trống."
    ) in notes
    # The seeded catalogue has no Hồ Chí Minh or State Prize: their columns are blank, and said so.
    assert (
        "Danh mục hình thức khen thưởng chưa có hình thức nào được tính vào các cột sau nên các cột này để trống: "
        "Giải thưởng Hồ Chí Minh (Biểu 0602.N, cột 3); Giải thưởng Nhà nước (Biểu 0602.N, cột 4)."
    ) in notes
    AwardForm.objects.create(
        code="giai-thuong-hcm", name="Giải thưởng Hồ Chí Minh", level="state", recipients="individual",
        category="commendation", stat_group=AwardForm.StatGroup.STATE_HCM_PRIZE,
    )  # fmt: skip
    AwardForm.objects.create(
        code="giai-thuong-nn", name="Giải thưởng Nhà nước", level="state", recipients="individual",
        category="commendation", stat_group=AwardForm.StatGroup.STATE_PRIZE,
    )  # fmt: skip
    report = selectors.statutory_forms(province=case["province"], year=2022)
    doc = exports.statutory_exporter(report, today=DATE)
    assert not any(n.startswith("Danh mục hình thức") for n in exports.paragraph_texts(doc.sections[0]))
    assert statutory_tables(report)[0].numbers()[0][3:5] == [0, 0]


def test_strong_rows_are_bold_in_the_three_formats():
    case = bac_giang_h1_2022()
    stat = selectors.statutory_forms(province=case["province"], year=2022)
    bieu_0602 = statutory_tables(stat)[0]
    assert sorted(bieu_0602.strong_rows) == [0, 1, 4, 14]  # “Tổng số” and the three headings
    ws = table_sheet(xlsx_sheets(exports.statutory_xlsx(stat, DATE)), bieu_0602)
    first = first_body_row(ws, bieu_0602)
    assert [ws.cell(row=first + n, column=1).font.b for n in range(6)] == [True, True, False, False, True, False]
    doc = docx_document(exports.statutory_docx(stat, DATE))
    table = next(t for t in doc.tables if len(t.columns) == len(bieu_0602.columns))
    body = table.rows[bieu_0602.depth :]
    assert [bool(body[n].cells[0].paragraphs[0].runs[0].bold) for n in range(6)] == [
        True, True, False, False, True, False,
    ]  # fmt: skip


def test_html_export_is_self_contained():
    _case, report = _report()
    html = exports.bloc_report_html(report, DATE)
    assert html.startswith("<!doctype html>") and "@media print" in html
    assert "Công an tỉnh" in html and "<script" not in html
