"""Spreadsheets in and out, for every app (blocs is the lowest that needs them).

Out: every string written to a cell goes through `safe_value`, so text a spreadsheet would
read as a formula stays text. In: `open_xlsx` opens an uploaded workbook only after checking
the archive (no macros, no zip bomb, a real .xlsx).
"""

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024  # a workbook of names or figures unpacks to far less
MAX_ZIP_MEMBERS = 200
MACRO_CONTENT_TYPE = "macroEnabled"
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlsb")


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


def unquote(value: str) -> str:
    """Undo the quote `safe_value` put before a formula-like text."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class WorkbookRefused(Exception):
    """The upload is not a workbook we open; the message is in the user's language."""


def open_xlsx(data: bytes, *, name: str = ""):
    """Open an .xlsx after checking its archive: refused (WorkbookRefused) when macro-enabled
    (by extension, a vbaProject.bin or a macro content type), not a zip or damaged, or unpacking
    to over 25 MB (checked from the zip directory before anything is inflated)."""
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
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise corrupt from exc
