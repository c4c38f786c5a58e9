"""Shared spreadsheet helpers (openpyxl): inert string cells and the house cell styles.

Lives in awards, the lowest app that writes spreadsheets; reports imports it from here.
"""

from openpyxl.styles import Alignment, Border, Font, Side

FONT_NAME = "Times New Roman"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=12)
FONT_BOLD = Font(name=FONT_NAME, size=12, bold=True)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def safe_value(value):
    """Make a value inert for Excel/LibreOffice: a string that a spreadsheet would read as a
    formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `+1`, `@SUM`) is prefixed with an
    apostrophe-like quote character so it stays text. Numbers, dates and None pass through."""
    if isinstance(value, str):
        cleaned = value.replace("\x00", "")
        if cleaned.startswith(FORMULA_TRIGGERS):
            return "'" + cleaned
        return cleaned
    return value


def write_cell(ws, row: int, column: int, value, *, font=FONT, alignment=None, border=True, number_format=None):
    """Write one cell with the house style; every string goes through `safe_value`."""
    cell = ws.cell(row=row, column=column, value=safe_value(value))
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell
