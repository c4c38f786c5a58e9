import datetime
import io
import re

from docx import Document
from openpyxl import Workbook, load_workbook

from awards.spreadsheets import safe_value, write_cell
from conferences import documents


def test_vn_date_line_leading_zeros_per_decree_30():
    assert documents.vn_date_line("Bắc Giang", datetime.date(2022, 8, 3)) == "Bắc Giang, ngày 03 tháng 8 năm 2022"
    assert documents.vn_date_line("Bắc Kạn", datetime.date(2023, 1, 4)) == "Bắc Kạn, ngày 04 tháng 01 năm 2023"
    assert documents.vn_date_line("Đồng Tháp", datetime.date(2022, 12, 25)) == "Đồng Tháp, ngày 25 tháng 12 năm 2022"


def test_safe_value_removes_xml_forbidden_characters_and_keeps_tab_newline():
    assert safe_value("Sở\x0bTư pháp\x01\x00") == "SởTư pháp"
    assert safe_value("a\tb\nc\rd") == "a\tb\nc\rd"
    assert safe_value('=HYPERLINK("http://x","y")') == '=HYPERLINK("http://x","y")'
    assert safe_value("Công an tỉnh") == "Công an tỉnh"
    assert safe_value(205) == 205 and safe_value(None) is None


def test_write_cell_round_trip_keeps_formula_as_text_without_apostrophe():
    wb = Workbook()
    write_cell(wb.active, 1, 1, "=1+1")
    write_cell(wb.active, 2, 1, "=cmd|' /C calc'!A0")
    write_cell(wb.active, 3, 1, "Công an tỉnh")
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=1+1" and ws["A1"].quotePrefix
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=cmd|' /C calc'!A0"
    assert not ws["A3"].quotePrefix


def test_decree_30_document_has_motto_header_and_a4():
    from conferences.exporters import Exporter, Header, Signature

    class Sample(Exporter):
        identifier = "sample"

        def __init__(self):
            super().__init__()
            self.header = Header(
                issuer_parent="UBND tỉnh Bắc Giang",
                issuer="Khối thi đua Nội chính",
                number="Số: 12/BC-KTĐNC",
                place="Bắc Giang",
                date=datetime.date(2022, 8, 3),
                title="Báo cáo",
                subtitle="Sơ kết",
            )
            self.section("I. KẾT QUẢ").add("Một câu.")
            self.recipients = ["Sở Nội vụ", "Lưu: VT"]
            self.signatures = [Signature(lines=["Trưởng khối"], name="Nguyễn Văn A")]

    reread = Document(io.BytesIO(Sample().docx()))
    text = documents.document_text(reread)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bắc Giang, ngày 03 tháng 8 năm 2022" in text and "Nơi nhận:" in text and "BÁO CÁO" in text
    assert "- Lưu: VT." in text and "TRƯỞNG KHỐI" in text
    section = reread.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
    assert Sample().filename("docx") == "bao-cao-so-ket.docx"


def test_table_xml_prints_each_value_by_its_type_once_per_kind():
    """The .docx table writes a value's text once per table and reuses it; equal values of
    different types (1, 1.0, Decimal 1) still print as their own type, and the widths are those
    of the longest text."""
    from decimal import Decimal

    from conferences.exporters import Column, Table

    table = Table(
        key="t",
        title="Bảng",
        columns=[Column(path=("Tên",), numeric=False), Column(path=("Số",))],
        rows=[["A", 1], ["B", 1.0], ["C", Decimal("1")], ["D", None], ["E", 1], ["F", ""], ["G", 123456]],
    )
    xml = documents.table_xml(table, documents.PORTRAIT_WIDTH)
    texts = re.findall(r'<w:t xml:space="preserve">([^<]*)</w:t>', xml)
    assert texts[-14:] == ["A", "1", "B", "1,0", "C", "1,00", "D", "—", "E", "1", "F", "", "G", "123456"]
    widths = documents.column_widths(table, documents.PORTRAIT_WIDTH, documents.table_font_size(table))
    narrow = documents.column_widths(
        Table(key="t", title="Bảng", columns=table.columns, rows=[r for r in table.rows if r[0] != "G"]),
        documents.PORTRAIT_WIDTH,
        documents.table_font_size(table),
    )
    assert widths[1] > narrow[1]  # the six digits of 123456 widen the number column
