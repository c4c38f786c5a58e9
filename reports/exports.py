"""The xlsx and docx renderers. Both draw the `Table`s of `reports.tables`, so they show exactly
what the HTML page shows.

xlsx: one sheet per table, written in openpyxl's write-only (streaming) mode so a large export
stays fast and small in memory. Every sheet starts with the Decree 30 header block; headers
are bold and merged by group; panes are frozen below the header and right of the labels;
column widths are set; numbers are written as numbers and the total row holds **values**
computed by the selector (not formulas), so a file opened without recalculation, or read by
a program, shows the same totals as the page. Every string goes through
`awards.spreadsheets.safe_value`, so a name such as `=HYPERLINK(...)` stays inert text.

docx: Decree 30 layout through `conferences.documents`: A4, margins 2/2/3/2 cm, Times New
Roman 14 for the text and 13 for the header, national motto, signature block and “Nơi nhận”;
the wide tables go to a landscape appendix section in Times New Roman 10–12.
"""

import datetime
import io
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import pgettext
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from awards.spreadsheets import (
    BORDER,
    CENTER,
    FONT,
    FONT_BOLD,
    FONT_NAME,
    FONT_TITLE,
    clean_text,
    is_formula_like,
    safe_value,
    set_value,
)
from conferences import documents
from conferences.documents import MOTTO_1, MOTTO_2

FONT_ITALIC = Font(name=FONT_NAME, size=12, italic=True)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class DocumentHeader:
    """The Decree 30 header of a report: issuing body (and its parent), number, place and date,
    title and the subject line under it."""

    issuer_parent: str
    issuer: str
    number: str
    place: str
    date: datetime.date
    title: str
    subtitle: str

    @property
    def place_date(self) -> str:
        return documents.vn_date_line(self.place, self.date)


# --- xlsx ------------------------------------------------------------------------------------

_STYLES = {
    "rpt_text": {"font": FONT, "border": BORDER, "alignment": Alignment(vertical="top", wrap_text=True)},
    "rpt_number": {"font": FONT, "border": BORDER, "number_format": "#,##0"},
    "rpt_percent": {"font": FONT, "border": BORDER, "number_format": "0.0"},
    "rpt_head": {"font": FONT_BOLD, "border": BORDER, "alignment": CENTER},
    "rpt_total_text": {"font": FONT_BOLD, "border": BORDER},
    "rpt_total_number": {"font": FONT_BOLD, "border": BORDER, "number_format": "#,##0"},
    "rpt_plain": {"font": FONT, "alignment": Alignment(horizontal="center", wrap_text=True)},
    "rpt_plain_bold": {"font": FONT_BOLD, "alignment": Alignment(horizontal="center", wrap_text=True)},
    "rpt_plain_italic": {"font": FONT_ITALIC, "alignment": Alignment(horizontal="center")},
    "rpt_title": {"font": FONT_TITLE, "alignment": Alignment(horizontal="center", wrap_text=True)},
    "rpt_left_bold": {"font": FONT_BOLD},
    "rpt_note": {"font": FONT_ITALIC},
}


def add_named_styles(wb: Workbook) -> None:
    """Named styles: a cell takes a style by name, which is much cheaper than giving every
    cell its own font and border objects."""
    for name, attrs in _STYLES.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))


def _cell(ws, value, style):
    cell = WriteOnlyCell(ws)
    # Assigning a named style by name looks it up in the workbook for every cell; the style's
    # array of indexes is resolved once per sheet (`_style_arrays`) and shared, which keeps the
    # export within 1.5× of an unstyled write-only workbook. Cells of a streaming sheet are
    # written once and never changed, so sharing the array is safe.
    value = safe_value(value)
    # A formula-like text gets its own copy of the style array: `set_value` flags it quote-prefix.
    cell._style = copy(ws._report_styles[style]) if is_formula_like(value) else ws._report_styles[style]
    set_value(cell, value)
    return cell


def _style_arrays(ws) -> dict:
    arrays = {}
    for name in _STYLES:
        prototype = WriteOnlyCell(ws)
        prototype.style = name
        arrays[name] = prototype._style
    return arrays


def _sheet_title(title: str, used: set) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\'")[:28].strip() or "Sheet"
    name, n = cleaned, 2
    while name.lower() in used:
        name = f"{cleaned[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _write_sheet(wb, table, header: DocumentHeader, used: set) -> None:
    ws = wb.create_sheet(_sheet_title(table.title, used))
    ws._report_styles = _style_arrays(ws)
    ncols = len(table.columns)
    for i, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True

    left = max(1, min(3, ncols // 2))
    # A streaming sheet writes its view before the first row: freeze the panes now.
    first_header_row = 9 if table.note else 8
    first_body_row = first_header_row + table.depth
    first_numeric = next((i for i, c in enumerate(table.columns) if c.numeric), ncols)
    ws.freeze_panes = f"{get_column_letter(first_numeric + 1)}{first_body_row}"
    ws.print_title_rows = f"{first_header_row}:{first_body_row - 1}"

    def merge(row, first, last):
        if last > first:
            ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")

    def line(cells):
        """A row of (column, value, style); the cells between stay empty."""
        row = [None] * ncols
        for col, value, style in cells:
            row[col - 1] = _cell(ws, value, style)
        ws.append(row)

    # The Decree 30 header block: issuer left, motto right; number left, place and date right.
    line([(1, header.issuer_parent.upper(), "rpt_plain"), (left + 1, MOTTO_1, "rpt_plain_bold")])
    line([(1, header.issuer.upper(), "rpt_plain_bold"), (left + 1, MOTTO_2, "rpt_plain_bold")])
    line([(1, header.number, "rpt_plain"), (left + 1, header.place_date, "rpt_plain_italic")])
    for r in (1, 2, 3):
        merge(r, 1, left)
        merge(r, left + 1, ncols)
    ws.append([])
    line([(1, header.title.upper(), "rpt_title")])
    line([(1, header.subtitle, "rpt_plain_bold")])
    line([(1, table.title, "rpt_left_bold")])
    for r in (5, 6):
        merge(r, 1, ncols)
    if table.note:
        line([(1, table.note, "rpt_note")])
        merge(8, 1, ncols)

    depth = table.depth
    grid = [[None] * ncols for _ in range(depth)]
    for hc in table.header_cells():
        for r in range(hc.row, hc.row + hc.rowspan):
            for c in range(hc.col, hc.col + hc.colspan):
                grid[r][c] = ""  # the merged area keeps its borders
        grid[hc.row][hc.col] = hc.label
        if hc.rowspan > 1 or hc.colspan > 1:
            ws.merged_cells.add(
                f"{get_column_letter(hc.col + 1)}{first_header_row + hc.row}:"
                f"{get_column_letter(hc.col + hc.colspan)}{first_header_row + hc.row + hc.rowspan - 1}"
            )
    for values in grid:
        ws.append([_cell(ws, v, "rpt_head") for v in values])

    styles = [("rpt_number", "rpt_percent") if c.numeric else ("rpt_text", "rpt_text") for c in table.columns]
    for values in table.rows:
        ws.append(
            [
                _cell(ws, v, style[1] if isinstance(v, float) else style[0])
                for v, style in zip(values, styles, strict=True)
            ]
        )
    if table.total is not None:
        ws.append(
            [
                _cell(ws, v, "rpt_total_number" if c.numeric else "rpt_total_text")
                for v, c in zip(table.total, table.columns, strict=True)
            ]
        )


def write_xlsx(tables, header: DocumentHeader, stream) -> None:
    wb = Workbook(write_only=True)
    add_named_styles(wb)
    used: set = set()
    for table in tables:
        _write_sheet(wb, table, header, used)
    wb.save(stream)


def xlsx_bytes(tables, header: DocumentHeader) -> bytes:
    buf = io.BytesIO()
    write_xlsx(tables, header, buf)
    return buf.getvalue()


# --- docx ------------------------------------------------------------------------------------


def format_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, 1)
    if isinstance(value, Decimal):
        return number_format(value, 2)
    return str(value)


def _run(paragraph, text, *, bold=False, size=None, italic=False):
    run = paragraph.add_run(clean_text(text))
    run.bold, run.italic = bold, italic
    run.font.name = FONT_NAME
    if size:
        run.font.size = Pt(size)
    return run


def _table_style(doc, size: int):
    """A bordered table style (based on “Table Grid”) in Times New Roman of `size` points."""
    name = f"Report Table {size}"
    if name not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = doc.styles["Table Grid"]
        style.font.name = FONT_NAME
        style.font.size = Pt(size)
    return doc.styles[name]


def add_docx_table(doc, table) -> None:
    """A bordered table with merged group headers (the same cells as the xlsx sheet)."""
    ncols = len(table.columns)
    size = 12 if ncols <= 8 else (11 if ncols <= 12 else 9)
    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(6)
    _run(title, table.title, bold=True, size=13)
    if table.note:
        _run(doc.add_paragraph(), table.note, italic=True, size=12)
    depth = table.depth
    t = doc.add_table(rows=depth, cols=ncols)
    t.style = _table_style(doc, size)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for hc in table.header_cells():
        cell = t.cell(hc.row, hc.col)
        if hc.rowspan > 1 or hc.colspan > 1:
            cell = cell.merge(t.cell(hc.row + hc.rowspan - 1, hc.col + hc.colspan - 1))
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, hc.label, bold=True, size=size)
    all_rows = [(r, False) for r in table.rows]
    if table.total is not None:
        all_rows.append((table.total, True))
    for values, bold in all_rows:
        # python-docx's `row.cells` and `table.cell()` rebuild the whole cell grid on every call
        # (quadratic on a 1,000-row table); a new row's cells are reached through its <w:tc>s.
        row = t.add_row()
        # The font and size come from the table style, so a body cell is one run of text.
        for tc, value, column in zip(row._tr.tc_lst, values, table.columns, strict=True):
            p = _Cell(tc, t).paragraphs[0]
            if column.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(clean_text(format_value(value)))
            if bold:
                run.bold = True


def _landscape_section(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    return section


def new_report_document(header: DocumentHeader):
    doc = documents.new_document()
    documents.add_header(
        doc,
        issuer_parent=header.issuer_parent,
        issuer=header.issuer,
        number=header.number,
        place_date=header.place_date,
    )
    documents.add_title(doc, header.title, header.subtitle)
    return doc


def finish_document(doc, tables, *, recipients, signer_title, signer_name) -> bytes:
    """Signature and “Nơi nhận”, then the tables in a landscape appendix."""
    documents.add_recipients(doc, recipients, signer_title=signer_title, signer_name=signer_name)
    if tables:
        _landscape_section(doc)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, pgettext("report", "APPENDIX: SUMMARY TABLES"), bold=True, size=14)
        for table in tables:
            add_docx_table(doc, table)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def paragraphs(doc, lines) -> None:
    for text in lines:
        documents.add_paragraph(doc, text)


# --- the reports -----------------------------------------------------------------------------


def _names(items) -> str:
    return ", ".join(items) if items else pgettext("report", "not recorded")


def period_subject(kind: str, year: int) -> str:
    if kind == "h1":
        return pgettext("report", "Six-month review of emulation and commendation work, first half of %(year)s") % {
            "year": year
        }
    return pgettext("report", "Annual review of emulation and commendation work in %(year)s") % {"year": year}


def bloc_report_header(report, date: datetime.date) -> DocumentHeader:
    return DocumentHeader(
        issuer_parent=pgettext("report", "Emulation and Commendation Council of %(province)s province")
        % {"province": report.province_name},
        issuer=report.bloc.name,
        number=pgettext("report", "No.:      /BC-KTĐ"),
        place=report.province_name,
        date=date,
        title=pgettext("report", "Report"),
        subtitle=period_subject(report.kind, report.year),
    )


def bloc_report_xlsx(report, date: datetime.date) -> bytes:
    from reports.tables import bloc_report_tables

    return xlsx_bytes(bloc_report_tables(report), bloc_report_header(report, date))


def bloc_report_summary(report) -> list[str]:
    """The sentences of part II (also shown on the HTML page)."""
    from reports.selectors import TOTAL, key

    lines = []
    previous = {(c.status, c.level, c.recipient): c for c in report.comparison}
    for status in report.statuses:
        c, i = report.totals[key(status, TOTAL, "c")], report.totals[key(status, TOTAL, "i")]
        if status == "granted":
            text = pgettext("report", "Awards granted: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}
        else:
            text = pgettext("report", "Awards proposed: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}
        dc, di = previous[(status, TOTAL, "c")].difference, previous[(status, TOTAL, "i")].difference
        text += " " + pgettext(
            "report", "Compared with the same period of %(year)s: %(dc)s collectives and %(di)s individuals."
        ) % {
            "year": report.year - 1,
            "dc": f"{dc:+d}",
            "di": f"{di:+d}",
        }
        lines.append(text)
    return lines


def partial_notice(report) -> str:
    if not report.is_partial:
        return ""
    missing = report.not_sent or report.not_counted
    return pgettext("report", "Partial report: the figures of %(names)s are not included or not yet submitted.") % {
        "names": ", ".join(m.name for m in missing)
    }


def bloc_report_docx(report, date: datetime.date) -> bytes:
    from reports.tables import bloc_report_tables

    doc = new_report_document(bloc_report_header(report, date))
    documents.add_heading(doc, pgettext("report", "I. MEMBERS AND LEADERSHIP OF THE BLOC"))
    paragraphs(
        doc,
        [
            pgettext("report", "In %(year)s the bloc has %(n)s member agencies: %(names)s.")
            % {"year": report.year, "n": len(report.members), "names": _names([m.name for m in report.members])},
            pgettext("report", "Leader: %(leader)s; deputy: %(deputies)s.")
            % {
                "leader": report.leader.name if report.leader else pgettext("report", "not recorded"),
                "deputies": _names([d.name for d in report.deputies]),
            },
        ],
    )
    documents.add_heading(doc, pgettext("report", "II. RESULTS OF EMULATION AND COMMENDATION WORK"))
    paragraphs(doc, bloc_report_summary(report))
    notice = partial_notice(report)
    if notice:
        documents.add_paragraph(doc, notice, italic=True)
    documents.add_heading(doc, pgettext("report", "III. CONFERENCES OF THE PERIOD"))
    if not report.conferences:
        documents.add_paragraph(doc, pgettext("report", "No conference recorded for this period yet."))
    for conf in report.conferences:
        when = conf.date.strftime("%d/%m/%Y") if conf.date else conf.date_note
        documents.add_paragraph(
            doc,
            pgettext("report", "%(title)s, held on %(date)s at %(venue)s.")
            % {
                "title": conf.title,
                "date": when or pgettext("report", "not recorded"),
                "venue": conf.venue or pgettext("report", "not recorded"),
            },
        )
        if conf.conclusions:
            documents.add_paragraph(doc, conf.conclusions)
        if conf.tasks:
            documents.add_paragraph(doc, pgettext("report", "Tasks for the next period:"))
            paragraphs(doc, [f"- {t}" for t in conf.tasks])
    if report.is_annual:
        documents.add_heading(doc, pgettext("report", "IV. REVIEW, VOTE AND LEADERSHIP FOR THE NEXT YEAR"))
        paragraphs(doc, [f"- {o.award}: {o.agency}" for o in report.vote_outcomes])
        documents.add_paragraph(
            doc,
            pgettext("report", "Elected for %(year)s: leader %(leader)s; deputy %(deputies)s.")
            % {
                "year": report.year + 1,
                "leader": report.next_leader or pgettext("report", "not recorded"),
                "deputies": _names(report.next_deputies),
            },
        )
    return finish_document(
        doc,
        [t for t in bloc_report_tables(report) if t.key != "members"],
        recipients=[
            pgettext("report", "Department of Home Affairs of %(province)s province (Emulation and Commendation)")
            % {"province": report.province_name},
            pgettext("report", "Member agencies of the bloc"),
            pgettext("report", "Filed: office records"),
        ],
        signer_title=pgettext("report", "On behalf of the bloc — the leader agency"),
        signer_name=report.leader.name if report.leader else "",
    )


def rollup_header(rollup, date: datetime.date) -> DocumentHeader:
    return DocumentHeader(
        issuer_parent=pgettext("report", "People's Committee of %(province)s province")
        % {"province": rollup.province.name},
        issuer=pgettext("report", "Department of Home Affairs"),
        number=pgettext("report", "No.:      /BC-SNV"),
        place=rollup.province.name,
        date=date,
        title=pgettext("report", "Report"),
        subtitle=pgettext("report", "Summary of the emulation blocs: %(subject)s")
        % {"subject": period_subject(rollup.kind, rollup.year)},
    )


def rollup_xlsx(rollup, date: datetime.date) -> bytes:
    from reports.tables import rollup_tables

    return xlsx_bytes(rollup_tables(rollup), rollup_header(rollup, date))


def rollup_docx(rollup, date: datetime.date) -> bytes:
    from reports.selectors import TOTAL, key
    from reports.tables import rollup_tables

    doc = new_report_document(rollup_header(rollup, date))
    lines = [
        pgettext(
            "report", "%(n)s blocs with %(members)s member agencies; %(submitted)s reports submitted for the period."
        )
        % {"n": len(rollup.rows), "members": rollup.member_total, "submitted": rollup.submitted_total}
    ]
    for status in rollup.statuses:
        c, i = rollup.totals[key(status, TOTAL, "c")], rollup.totals[key(status, TOTAL, "i")]
        if status == "granted":
            lines.append(
                pgettext("report", "Awards granted: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}
            )
        else:
            lines.append(
                pgettext("report", "Awards proposed: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}
            )
    if rollup.conferences_known:
        lines.append(
            pgettext("report", "Blocs with no conference recorded yet: %(names)s.")
            % {"names": ", ".join(r.name for r in rollup.without_conference) or pgettext("report", "none")}
        )
    paragraphs(doc, lines)
    return finish_document(
        doc,
        rollup_tables(rollup),
        recipients=[
            pgettext("report", "Emulation and Commendation Council of %(province)s province")
            % {"province": rollup.province.name},
            pgettext("report", "Filed: office records"),
        ],
        signer_title=pgettext("report", "Director"),
        signer_name="",
    )


def statutory_header(report, date: datetime.date) -> DocumentHeader:
    return DocumentHeader(
        issuer_parent=pgettext("report", "People's Committee of %(province)s province")
        % {"province": report.province.name},
        issuer=pgettext("report", "Department of Home Affairs"),
        number=pgettext("report", "No.:      /BC-SNV"),
        place=report.province.name,
        date=date,
        title=pgettext("report", "Statistical report"),
        subtitle=pgettext("report", "Awards in %(year)s (Circular 02/2023/TT-BNV), data as of 15/12/%(year)s")
        % {"year": report.year},
    )


def statutory_xlsx(report, date: datetime.date) -> bytes:
    from reports.tables import statutory_tables

    return xlsx_bytes(statutory_tables(report), statutory_header(report, date))


def statutory_docx(report, date: datetime.date) -> bytes:
    from reports.tables import statutory_tables

    doc = new_report_document(statutory_header(report, date))
    return finish_document(
        doc,
        statutory_tables(report),
        recipients=[
            pgettext("report", "Ministry of Home Affairs (Central Emulation and Commendation Committee)"),
            pgettext("report", "Filed: office records"),
        ],
        signer_title=pgettext("report", "Director"),
        signer_name="",
    )


def bloc_report_html(report, date: datetime.date) -> str:
    """A self-contained HTML file of the report (the page's document, with the print
    stylesheet inlined and without the charts), for `export_report --format html`."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    from reports.tables import bloc_report_tables

    css_path = finders.find("reports/reports.css")
    with open(css_path, encoding="utf-8") as f:
        css = f.read()
    return render_to_string(
        "reports/standalone.html",
        {
            "body_template": "reports/_bloc_report_body.html",
            "css": css,
            "report": report,
            "tables": {t.key: t for t in bloc_report_tables(report)},
            "header": bloc_report_header(report, date),
            "summary": bloc_report_summary(report),
            "partial_notice": partial_notice(report),
            "charts": False,
        },
    )
