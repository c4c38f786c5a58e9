"""The .xlsx writer: draws any exporter (`conferences.exporters.Exporter`) as a workbook.

The first sheet holds the document itself (the Decree 30 header, the sections' text, “Nơi
nhận” and the signature), so the workbook says everything the page and the .docx say; then
one sheet per table. Every sheet is set up to print: A4 (landscape when wide), fit to the page
width, header rows repeated on every page (print titles), panes frozen under the headers,
column widths from the content, row heights of wrapped text computed from its length so that
nothing prints over anything, number formats, sheet names that are whole phrases of at most 31
characters. The workbook's title and creator (the issuing body) are set.

Sheets are written in openpyxl's write-only (streaming) mode. Numbers are written as numbers
and the total row holds values computed by the selector (not formulas). Every value goes
through `awards.spreadsheets.set_value` (XML-forbidden characters removed, formula-like text
stored as inert text).
"""

import io
import math
from copy import copy
from decimal import Decimal

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from awards.spreadsheets import BORDER, FONT, FONT_BOLD, FONT_NAME, is_formula_like, safe_value, set_value
from conferences.documents import HEADER_LINES, own_header_labels
from conferences.exporters import Exporter, Table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
LINE_HEIGHT = {11: 15.0, 12: 16.5, 13: 18.0, 14: 19.5}  # points per line of Times New Roman

_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_STYLES = {
    "doc_text": {"font": FONT, "border": BORDER, "alignment": Alignment(vertical="center", wrap_text=True)},
    "doc_number": {"font": FONT, "border": BORDER, "number_format": "#,##0", "alignment": Alignment(vertical="center")},
    "doc_decimal": {"font": FONT, "border": BORDER, "number_format": "#,##0.0"},
    "doc_decimal2": {"font": FONT, "border": BORDER, "number_format": "#,##0.00"},
    "doc_head": {"font": FONT_BOLD, "border": BORDER, "alignment": _CENTER_WRAP},
    "doc_total_text": {"font": FONT_BOLD, "border": BORDER, "alignment": Alignment(vertical="center")},
    "doc_strong_text": {"font": FONT_BOLD, "border": BORDER, "alignment": Alignment(vertical="center", wrap_text=True)},
    "doc_total_number": {"font": FONT_BOLD, "border": BORDER, "number_format": "#,##0"},
    "doc_centre": {"font": FONT, "alignment": _CENTER_WRAP},
    "doc_centre_bold": {"font": FONT_BOLD, "alignment": _CENTER_WRAP},
    "doc_centre_italic": {"font": Font(name=FONT_NAME, size=12, italic=True), "alignment": _CENTER_WRAP},
    "doc_title": {"font": Font(name=FONT_NAME, size=14, bold=True), "alignment": _CENTER_WRAP},
    "doc_heading": {"font": FONT_BOLD, "alignment": Alignment(vertical="top", wrap_text=True)},
    "doc_para": {"font": FONT, "alignment": Alignment(horizontal="justify", vertical="top", wrap_text=True)},
    "doc_item": {"font": FONT, "alignment": Alignment(vertical="top", wrap_text=True, indent=1)},
    "doc_note": {
        "font": Font(name=FONT_NAME, size=12, italic=True),
        "alignment": Alignment(vertical="top", wrap_text=True),
    },
    "doc_small": {"font": Font(name=FONT_NAME, size=11), "alignment": Alignment(vertical="top", wrap_text=True)},
}


def lines_needed(text: str, width_chars: float, *, bold=False) -> int:
    """How many lines `text` takes in a wrapped cell `width_chars` wide (Excel's column width
    unit, about one digit of the default font)."""
    per_line = max(1.0, width_chars / (1.25 if bold else 1.1))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def sheet_name(title: str, used: set) -> str:
    """A whole phrase of at most 31 characters: words are dropped from the end, never cut."""
    cleaned = "".join(ch for ch in safe_value(title) if ch not in "[]:*?/\\'").strip() or "Sheet"
    words, name = cleaned.split(), ""
    for word in words:
        if len(f"{name} {word}".strip()) > SHEET_NAME_MAX:
            break
        name = f"{name} {word}".strip()
    name = (name or cleaned[:SHEET_NAME_MAX]).rstrip(",;-– ")
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        n += 1
    used.add(name.lower())
    return name


class _Sheet:
    """A streaming sheet with shared style arrays and helpers for merged, wrapped lines."""

    def __init__(self, wb, title, widths):
        self.ws = wb.create_sheet(title)
        self.widths = widths
        self.row = 0
        self.styles = {}
        for name in _STYLES:
            prototype = WriteOnlyCell(self.ws)
            prototype.style = name
            self.styles[name] = prototype._style
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def cell(self, value, style):
        cell = WriteOnlyCell(self.ws)
        value = safe_value(value)
        # The style's array of indexes is resolved once per sheet and shared (much cheaper than
        # a style lookup per cell); a formula-like text gets its own copy, flagged quote-prefix.
        cell._style = copy(self.styles[style]) if is_formula_like(value) else self.styles[style]
        set_value(cell, value)
        return cell

    def append(self, cells, height=None):
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)

    def merge(self, first, last, row=None):
        row = row or self.row
        if last > first:
            self.ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")

    def line(self, text, style, *, size=12, bold=False, first=1, last=None):
        """One text merged across columns `first`..`last`, its row as high as its lines."""
        last = last or len(self.widths)
        width = sum(self.widths[first - 1 : last])
        row = [None] * len(self.widths)
        row[first - 1] = self.cell(text, style)
        self.append(row, height=lines_needed(text, width, bold=bold) * LINE_HEIGHT[size])
        self.merge(first, last)

    def pair(self, left, right, split, styles, *, size=12, bold=(False, False)):
        """Two texts side by side (columns 1..split and split+1..end)."""
        ncols = len(self.widths)
        row = [None] * ncols
        row[0] = self.cell(left, styles[0])
        row[split] = self.cell(right, styles[1])
        lw, rw = sum(self.widths[:split]), sum(self.widths[split:])
        lines = max(lines_needed(left, lw, bold=bold[0]), lines_needed(right, rw, bold=bold[1]))
        self.append(row, height=lines * LINE_HEIGHT[size])
        self.merge(1, split)
        self.merge(split + 1, ncols)


def _page_setup(ws, *, landscape: bool):
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.8, right=0.5, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True


def _document_sheet(wb, exporter: Exporter, name: str, table_sheets: dict) -> None:
    h = exporter.header
    left_lines = [h.issuer_parent.upper(), h.issuer.upper(), h.number]
    left_w = min(62, max(40, *(len(t) * 1.2 + 2 for t in left_lines)))
    sheet = _Sheet(wb, name, [left_w, 50])
    _page_setup(sheet.ws, landscape=False)
    sheet.ws.freeze_panes = None
    motto_1, motto_2 = h.motto
    sheet.pair(h.issuer_parent.upper(), motto_1, 1, ("doc_centre", "doc_centre_bold"), bold=(False, True))
    sheet.pair(h.issuer.upper(), motto_2, 1, ("doc_centre_bold", "doc_centre_bold"), bold=(True, True))
    sheet.pair(h.number, h.place_date, 1, ("doc_centre", "doc_centre_italic"))
    sheet.append([])
    sheet.line(h.title.upper(), "doc_title", size=14, bold=True)
    if h.subtitle:
        sheet.line(h.subtitle, "doc_centre_bold", bold=True)
    sheet.append([])
    for s in exporter.sections:
        if s.heading:
            sheet.line(s.heading, "doc_heading", bold=True)
        for b in s.blocks:
            if isinstance(b, Table):
                text = pgettext("document", "%(title)s: see the sheet “%(sheet)s”.") % {
                    "title": b.title,
                    "sheet": table_sheets[id(b)],
                }
                sheet.line(text, "doc_note")
            elif b.style == "item":
                sheet.line(f"- {b.text}", "doc_item")
            elif b.style == "subheading":
                sheet.line(b.text, "doc_heading", bold=True)
            else:
                sheet.line(b.text, "doc_note" if b.style in ("note", "warning") else "doc_para")
    if exporter.closing:
        sheet.line(exporter.closing, "doc_note")
    sheet.append([])
    left = [pgettext("document", "Recipients:")] + [
        f"- {r}{'.' if i == len(exporter.recipients) - 1 else ';'}" for i, r in enumerate(exporter.recipients)
    ]
    right = []
    for sig in exporter.signatures:
        right.extend(line.upper() for line in sig.lines)
        right.extend([sig.hint, "", "", "", sig.name] if sig.hint else ["", "", "", sig.name])
    if not exporter.recipients:
        left = []
    for i in range(max(len(left), len(right))):
        lt = left[i] if i < len(left) else ""
        rt = right[i] if i < len(right) else ""
        row = [sheet.cell(lt, "doc_heading" if i == 0 and exporter.recipients else "doc_small")]
        row.append(sheet.cell(rt, "doc_centre_bold"))
        sheet.append(row)


def _table_sheet(wb, exporter: Exporter, table: Table, name: str) -> None:
    ncols = len(table.columns)
    leaf = {hc.col: hc.label for hc in table.header_cells() if hc.row + hc.rowspan == table.label_depth}
    own = own_header_labels(table)
    rows = [*table.rows, *([table.total] if table.total else [])]
    widths = []
    for i, col in enumerate(table.columns):
        label_word = max((len(w) for w in str(leaf.get(i, "")).split()), default=4)
        values = [len(str(r[i])) for r in rows if r[i] not in (None, "")]
        if col.numeric:
            heads = [
                max(max((len(w) for w in label.split()), default=0), math.ceil(len(label) / HEADER_LINES)) + 2
                for label in own[i]
            ]
            widths.append(max(6, label_word + 2, *heads, *(v + 2 for v in values)))
        else:
            widths.append(min(max(col.width, label_word + 2), max([label_word + 2, 6, *(v + 2 for v in values)])))
    sheet = _Sheet(wb, name, widths)
    ws = sheet.ws
    total_width = sum(widths)
    _page_setup(ws, landscape=total_width > 95)
    h = exporter.header
    # The header block spans the table's full width, each line in one merged, wrapped row.
    top = 4 + (1 if h.issuer_parent else 0) + (1 if table.note else 0)
    first_header_row = top + 1
    first_body_row = first_header_row + table.depth
    first_numeric = next((i for i, c in enumerate(table.columns) if c.numeric), ncols)
    # A streaming sheet writes its view before the first row: freeze the panes now.
    ws.freeze_panes = f"{get_column_letter(min(first_numeric, 3) + 1)}{first_body_row}"
    ws.print_title_rows = f"{first_header_row}:{first_body_row - 1}"
    if h.issuer_parent:
        sheet.line(h.issuer_parent.upper(), "doc_centre")
    sheet.line(h.issuer.upper(), "doc_centre_bold", bold=True)
    sheet.line(f"{h.title} {h.subtitle}".strip(), "doc_centre_bold", bold=True)
    sheet.line(table.title, "doc_heading", bold=True)
    if table.note:
        sheet.line(table.note, "doc_note")
    sheet.append([])

    grid = [[None] * ncols for _ in range(table.depth)]
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
    for r, values in enumerate(grid):
        lines = max(
            lines_needed(hc.label, sum(widths[hc.col : hc.col + hc.colspan]), bold=True)
            for hc in table.header_cells()
            if hc.row == r
        )
        sheet.append([sheet.cell(v, "doc_head") for v in values], height=lines * LINE_HEIGHT[12])

    def number_style(v, total):
        if total:
            return "doc_total_number"
        if isinstance(v, float):
            return "doc_decimal"
        if isinstance(v, Decimal):
            return "doc_decimal2"
        return "doc_number"

    text_cols = [i for i, c in enumerate(table.columns) if not c.numeric]
    for n, values in enumerate(table.rows):
        strong = n in table.strong_rows
        cells = [
            # A blank figure stays an empty cell (a form leaves it blank), not an empty text.
            sheet.cell(None if v == "" else v, number_style(v, strong))
            if c.numeric
            else sheet.cell(v, "doc_strong_text" if strong else "doc_text")
            for v, c in zip(values, table.columns, strict=True)
        ]
        lines = max([lines_needed(values[i], widths[i], bold=strong) for i in text_cols if values[i]] or [1])
        sheet.append(cells, height=lines * LINE_HEIGHT[12] if lines > 1 else None)
    if table.total is not None:
        sheet.append(
            [
                sheet.cell(v, number_style(v, True) if c.numeric else "doc_total_text")
                for v, c in zip(table.total, table.columns, strict=True)
            ]
        )


def add_named_styles(wb) -> None:
    """Named styles: a cell takes a style by name, which is much cheaper than giving every
    cell its own font and border objects."""
    for name, attrs in _STYLES.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))


def write_xlsx(exporter: Exporter) -> bytes:
    wb = Workbook(write_only=True)
    add_named_styles(wb)
    used: set = set()
    doc_name = sheet_name(exporter.header.title, used)
    tables = exporter.tables()
    names = {id(t): sheet_name(t.sheet or t.title, used) for t in tables}
    _document_sheet(wb, exporter, doc_name, names)
    for table in tables:
        _table_sheet(wb, exporter, table, names[id(table)])
    wb.properties.title = exporter.title[:250]
    wb.properties.creator = exporter.header.issuer[:250]
    wb.properties.language = exporter.language
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
