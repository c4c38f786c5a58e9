"""Shared spreadsheet helpers (openpyxl): inert string cells and the house cell styles.

Lives in awards, the lowest app that writes styled spreadsheets; reports imports it from here.
The inert-cell rule itself (`safe_value`) lives in `blocs.spreadsheets`, the lowest app that
writes any spreadsheet.
"""

from openpyxl.styles import Alignment, Border, Font, Side

from blocs.spreadsheets import safe_value

__all__ = ["safe_value", "write_cell"]

FONT_NAME = "Times New Roman"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=12)
FONT_BOLD = Font(name=FONT_NAME, size=12, bold=True)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


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
