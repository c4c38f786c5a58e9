"""Shared helpers for every spreadsheet and Word file the application writes: safe text, inert
string cells and the house cell styles.

Lives in awards, the lowest app that writes spreadsheets; conferences (the .docx writer),
scoring and reports import it from here.
"""

import re

from openpyxl.styles import Alignment, Border, Font, Side

FONT_NAME = "Times New Roman"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")

# The characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return; lone
# surrogates; U+FFFE/U+FFFF). A vertical tab is common in text pasted from Word: openpyxl raises
# IllegalCharacterError and python-docx ValueError on any of these.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=12)
FONT_BOLD = Font(name=FONT_NAME, size=12, bold=True)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def clean_text(text: str) -> str:
    """`text` without the characters XML forbids (tab, newline and carriage return are kept).
    Every string written to a spreadsheet cell or a Word paragraph goes through here."""
    return XML_FORBIDDEN.sub("", text)


def safe_value(value):
    """A value ready for a cell: strings cleaned of XML-forbidden characters; numbers, dates
    and None pass through. Whether a string looks like a formula is decided by `is_formula_like`;
    `set_value` then stores it as a text cell."""
    if isinstance(value, str):
        return clean_text(value)
    return value


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def set_value(cell, value):
    """Put `value` into an openpyxl cell (ordinary or write-only) safely: the text is cleaned,
    and a text that a spreadsheet would read as a formula (`=HYPERLINK(...)`, `=cmd|' /C
    calc'!A0`, `+1`, `@SUM`) is stored as a string cell with the quote-prefix flag, so Excel and
    LibreOffice show it unchanged, without a visible apostrophe, and never evaluate it (also
    not after the cell is edited)."""
    value = safe_value(value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


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
