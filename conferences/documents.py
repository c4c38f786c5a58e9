"""Shared Word (python-docx) helpers for documents in the Decree 30/2020/NĐ-CP format.

Lives in conferences, the lowest app that writes .docx (the minutes); reports imports it.
"""

import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from awards.spreadsheets import clean_text

FONT_NAME = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


def vn_date_line(place: str, date: datetime.date) -> str:
    """“Bắc Giang, ngày 03 tháng 8 năm 2022”: days 1–9 and months 1–2 take a leading zero."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def new_document(*, landscape: bool = False) -> Document:
    """An A4 document with Decree 30 margins (top/bottom 2 cm, left 3 cm, right 2 cm) and
    Times New Roman 14 as the base style."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        from docx.enum.section import WD_ORIENT

        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    section.top_margin = Cm(2)
    section.bottom_margin = Cm(2)
    section.left_margin = Cm(3)
    section.right_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _cell_paragraph(cell, text: str, *, bold=False, italic=False, size=13, underline=False):
    p = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(clean_text(text))
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT_NAME
    return p


def add_header(doc, *, issuer_parent: str, issuer: str, number: str, place_date: str) -> None:
    """The two-column header: issuing body and number on the left, national motto and place and
    date on the right."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.cell(0, 0), table.cell(0, 1)
    if issuer_parent:
        _cell_paragraph(left, issuer_parent.upper(), size=13)
    _cell_paragraph(left, issuer.upper(), bold=True, size=13)
    _cell_paragraph(right, MOTTO_1, bold=True, size=13)
    _cell_paragraph(right, MOTTO_2, bold=True, size=14, underline=True)
    _cell_paragraph(table.cell(1, 0), number, size=13)
    _cell_paragraph(table.cell(1, 1), place_date, italic=True, size=14)


def add_title(doc, title: str, subtitle: str = "") -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(12)
    run = p.add_run(clean_text(title.upper()))
    run.bold = True
    if subtitle:
        p2 = doc.add_paragraph()
        p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p2.add_run(clean_text(subtitle)).bold = True


def add_heading(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    p.add_run(clean_text(text)).bold = True


def add_paragraph(doc, text: str, *, italic: bool = False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.first_line_indent = Cm(1)
    run = p.add_run(clean_text(text))
    run.italic = italic
    return p


def add_table(doc, header: list[str], rows: list[list], *, font_size: int = 12, bold_last_row: bool = False):
    """A bordered table; numbers are right-aligned."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(clean_text(str(text)))
        run.bold = True
        run.font.size = Pt(font_size)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for i, value in enumerate(values):
            cells[i].text = ""
            run = cells[i].paragraphs[0].add_run(clean_text("" if value is None else str(value)))
            run.font.size = Pt(font_size)
            run.bold = bold_last_row and r == len(rows) - 1
            if isinstance(value, int | float):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def add_signatures(doc, blocks: list[tuple[str, str]]) -> None:
    """Signature blocks side by side: (title, name) each, e.g. ("THƯ KÝ", "Nguyễn Văn A")."""
    table = doc.add_table(rows=1, cols=len(blocks))
    for i, (title, name) in enumerate(blocks):
        cell = table.cell(0, i)
        _cell_paragraph(cell, title.upper(), bold=True, size=14)
        _cell_paragraph(cell, "(Ký, ghi rõ họ tên)", italic=True, size=13)
        for _ in range(3):
            cell.add_paragraph()
        _cell_paragraph(cell, name, bold=True, size=14)


def add_recipients(doc, recipients: list[str], *, signer_title: str = "", signer_name: str = "") -> None:
    """The “Nơi nhận” block bottom left, with an optional signature block to its right."""
    table = doc.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = left.paragraphs[0]
    run = p.add_run(clean_text("Nơi nhận:"))
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for name in recipients:
        q = left.add_paragraph()
        r = q.add_run(clean_text(f"- {name};"))
        r.font.size = Pt(11)
    if signer_title:
        _cell_paragraph(right, signer_title.upper(), bold=True, size=14)
        for _ in range(3):
            right.add_paragraph()
        _cell_paragraph(right, signer_name, bold=True, size=14)


def document_text(doc) -> str:
    """All text of a document, paragraphs and table cells, for tests and previews."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def _numbered(doc, items: list[str]) -> None:
    for i, text in enumerate(items, start=1):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        p.add_run(clean_text(f"{i}. {text}"))


def _bulleted(doc, items: list[str]) -> None:
    for text in items:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        p.add_run(clean_text(f"- {text}"))


def minutes_document(m) -> Document:
    """The minutes of a conference (Biên bản hội nghị) in the Decree 30 layout, from the plain
    data of `conferences.selectors.minutes` (the HTML print view renders the same data)."""
    doc = new_document()
    add_header(doc, issuer_parent=m.issuer_parent, issuer=m.issuer, number=m.number, place_date=m.place_date)
    add_title(doc, m.title, m.subtitle)

    add_heading(doc, f"{m.part['attendance']}. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
    add_paragraph(doc, f"1. Thời gian: {m.time_line}")
    if m.place_line:
        add_paragraph(doc, f"2. Địa điểm: {m.place_line}")
    add_paragraph(doc, "3. Thành phần tham dự:")
    if m.chair:
        add_paragraph(doc, f"- Chủ trì: {m.chair}.")
    if m.secretary:
        add_paragraph(doc, f"- Thư ký: {m.secretary}.")
    if m.guests:
        add_paragraph(doc, "- Khách mời:")
        _bulleted(doc, m.guests)
    if m.present:
        add_paragraph(doc, f"- Đại diện {len(m.present)} cơ quan, đơn vị thành viên:")
        _bulleted(doc, [f"{agency}: {who}" if who else agency for agency, who in m.present])
    if m.absent:
        add_paragraph(doc, "- Vắng mặt: " + ", ".join(m.absent) + ".")
    if m.legal_bases:
        add_paragraph(doc, "Căn cứ:")
        _bulleted(doc, m.legal_bases)

    add_heading(doc, f"{m.part['content']}. NỘI DUNG")
    items = []
    if m.agenda:
        items.append(("Chương trình hội nghị:", m.agenda, True))
    if m.documents:
        items.append(("Hội nghị đã thông qua:", m.documents, False))
    if m.discussion:
        items.append(("Ý kiến thảo luận:", [line.strip() for line in m.discussion.splitlines() if line.strip()], None))
    if m.movements:
        items.append(("Hội nghị thống nhất tổ chức các phong trào thi đua:", m.movements, False))
    for n, (label, lines, numbered) in enumerate(items, start=1):
        add_paragraph(doc, f"{n}. {label}")
        if numbered is True:
            _numbered(doc, lines)
        elif numbered is False:
            _bulleted(doc, lines)
        else:
            for line in lines:
                add_paragraph(doc, line)

    if m.votes:
        add_heading(doc, f"{m.part['votes']}. KẾT QUẢ BÌNH XÉT, SUY TÔN")
        for i, v in enumerate(m.votes, start=1):
            add_paragraph(doc, f"{i}. {v.kind_text}: {v.label}")
            if v.has_ballots:
                add_paragraph(
                    doc,
                    f"Số phiếu phát ra: {v.issued}; số phiếu thu về: {v.returned}; "
                    f"số phiếu hợp lệ: {v.valid}; số phiếu không hợp lệ: {v.invalid}.",
                )
            rows = [
                [
                    n,
                    c.agency,
                    "" if c.votes is None else c.votes,
                    c.percent_text,
                    "Đạt" if c.won else "Không đạt",
                ]
                for n, c in enumerate(v.candidates, start=1)
            ]
            add_table(doc, ["TT", "Cơ quan, đơn vị", "Số phiếu", "Tỷ lệ (% phiếu hợp lệ)", "Kết quả"], rows)
            if v.note:
                add_paragraph(doc, v.note, italic=True)
    if m.election:
        add_heading(doc, f"{m.part['election']}. BẦU TRƯỞNG KHỐI, PHÓ KHỐI")
        add_paragraph(doc, m.election)

    add_heading(doc, f"{m.part['conclusions']}. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ")
    if m.concluded_by:
        add_paragraph(doc, f"Kết luận của {m.concluded_by}:")
    for line in (m.conclusions or "").splitlines():
        if line.strip():
            add_paragraph(doc, line.strip())
    if m.tasks:
        add_paragraph(doc, "Nhiệm vụ trọng tâm kỳ tới:")
        _numbered(doc, m.tasks)
    add_paragraph(doc, "Biên bản được lập xong và thông qua tại hội nghị.", italic=True)
    add_signatures(doc, [("Thư ký", m.secretary_name), ("Chủ trì", m.chair_name)])
    return doc
