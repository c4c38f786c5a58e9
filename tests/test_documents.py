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


def test_safe_value_neutralises_formulas_and_keeps_other_values():
    assert safe_value('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert safe_value("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert safe_value("+1") == "'+1" and safe_value("@SUM(A1)") == "'@SUM(A1)"
    assert safe_value("Công an tỉnh") == "Công an tỉnh"
    assert safe_value(205) == 205 and safe_value(None) is None
    assert safe_value("a\x00b") == "ab"


def test_write_cell_round_trip_keeps_formula_as_text():
    wb = Workbook()
    write_cell(wb.active, 1, 1, "=1+1")
    buf = io.BytesIO()
    wb.save(buf)
    cell = load_workbook(io.BytesIO(buf.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == "'=1+1"


def test_decree_30_document_has_motto_header_and_a4():
    doc = documents.new_document()
    documents.add_header(
        doc,
        issuer_parent="UBND tỉnh",
        issuer="Khối thi đua Nội chính",
        number="Số: 12/BC-KTĐNC",
        place_date=documents.vn_date_line("Bắc Giang", datetime.date(2022, 8, 3)),
    )
    documents.add_title(doc, "Báo cáo")
    documents.add_recipients(doc, ["Sở Nội vụ", "Lưu: VT"], signer_title="Trưởng khối", signer_name="Nguyễn Văn A")
    buf = io.BytesIO()
    doc.save(buf)
    reread = Document(io.BytesIO(buf.getvalue()))
    text = documents.document_text(reread)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bắc Giang, ngày 03 tháng 8 năm 2022" in text and "Nơi nhận:" in text and "BÁO CÁO" in text
    section = reread.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
