"""Shared helpers for every spreadsheet and Word file the application writes: safe text, inert
string cells and the house cell styles.

The house styles live in awards, the lowest app that writes styled spreadsheets; the safe-text
rules (`clean_text`, `safe_value`, `set_value`) live in `blocs.spreadsheets`, the lowest app that
writes any spreadsheet, and are re-exported here for the apps that draw documents.
"""

from openpyxl.styles import Alignment, Border, Font, Side

from blocs.spreadsheets import FORMULA_TRIGGERS, XML_FORBIDDEN, clean_text, is_formula_like, safe_value, set_value

__all__ = [
    "FORMULA_TRIGGERS",
    "XML_FORBIDDEN",
    "clean_text",
    "is_formula_like",
    "safe_value",
    "set_value",
    "write_cell",
]

FONT_NAME = "Times New Roman"


THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=12)
FONT_BOLD = Font(name=FONT_NAME, size=12, bold=True)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def write_cell(ws, row: int, column: int, value, *, font=FONT, alignment=None, border=True, number_format=None):
    """Write one cell with the house style; every value goes through `set_value`."""
    cell = set_value(ws.cell(row=row, column=column), value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell
