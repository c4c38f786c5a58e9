"""Spreadsheets and documents in and out, for every app (blocs is the lowest that needs them).

Out: every string written to a cell or a Word run goes through `clean_text` (the characters XML
forbids removed) and every cell through `set_value`, so a text a spreadsheet would read as a
formula is stored as a quote-prefixed string cell: shown unchanged, never evaluated. In:
`open_xlsx` opens an uploaded workbook only after checking the archive (no macros, no zip
bomb, a real .xlsx).
"""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024  # a workbook of names or figures unpacks to far less
MAX_ZIP_MEMBERS = 200
MACRO_CONTENT_TYPE = "macroEnabled"
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb")


# The characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return; lone
# surrogates; U+FFFE/U+FFFF). A vertical tab is common in text pasted from Word: openpyxl raises
# IllegalCharacterError and python-docx ValueError on any of these.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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


def unquote(value: str) -> str:
    """Undo the visible quote older templates put before a formula-like text, so a template
    downloaded then still reads back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class WorkbookRefused(Exception):
    """The upload is not a workbook we open; the message is in the user's language."""


def open_xlsx(data: bytes, *, name: str = "", read_only: bool = False):
    """Open an .xlsx after checking its archive: refused (WorkbookRefused) when macro-enabled
    (by extension, a vbaProject.bin or a macro content type), not a zip or damaged, or unpacking
    to over 25 MB (checked from the zip directory before anything is inflated).

    `read_only` opens the sheets lazily (openpyxl's read-only mode): only the sheets read are
    parsed, and a damaged sheet fails when it is read, so the caller reads inside its own
    `WorkbookRefused` guard."""
    macros = WorkbookRefused(_("Macro-enabled workbooks are not accepted: save the file as .xlsx."))
    if (name or "").lower().endswith(MACRO_EXTENSIONS):
        raise macros
    corrupt = WorkbookRefused(_("The file is damaged or is not an Excel .xlsx workbook."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise corrupt
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise corrupt
            # The sizes in the central directory bound what zipfile will ever inflate (it stops
            # at the declared size and checks the CRC), so checking them first defuses a bomb.
            if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookRefused(_("The file unpacks to more than 25 MB: it is refused."))
            names = {m.filename.lower() for m in members}
            if any(n.endswith("vbaproject.bin") for n in names):
                raise macros
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                raise corrupt
            if MACRO_CONTENT_TYPE.encode() in archive.read("[Content_Types].xml"):
                raise macros
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise corrupt from exc
    try:
        return load_workbook(io.BytesIO(data), data_only=False, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise corrupt from exc
