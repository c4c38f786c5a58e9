import datetime
import io

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
