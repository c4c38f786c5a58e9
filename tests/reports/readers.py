"""Read the numbers back out of the three formats, for the tests."""

import io
from html.parser import HTMLParser

from docx import Document
from openpyxl import load_workbook


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current = None
        self._in_body = False
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("tbl-"):
            self._current = self.tables.setdefault(attrs["id"][4:], [])
        elif self._current is not None and tag in ("tbody", "tfoot"):
            self._in_body = True
        elif self._current is not None and tag == "thead":
            self._in_body = False
        elif self._in_body and tag == "tr":
            self._row = []
        elif self._row is not None and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._current.append(self._row)
            self._row = None
        elif tag == "table" and self._current is not None:
            self._current, self._in_body = None, False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Body and total rows of every report table of a page, by table key."""
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


def parse_number(text):
    text = str(text).strip()
    if text in ("—", ""):
        return None
    if "," in text or "." in text:
        return float(text.replace(",", "."))
    return int(text)


def numeric_rows(rows, table):
    """The numeric cells of rows of texts, parsed, in the columns the table marks numeric."""
    idx = [i for i, c in enumerate(table.columns) if c.numeric]
    return [[parse_number(row[i]) for i in idx] for row in rows]


def xlsx_sheets(content: bytes):
    return load_workbook(io.BytesIO(content))


def first_body_row(ws, table) -> int:
    """The sheet's first row under the table's header rows (the header block above them is as
    high as the issuer's texts need)."""
    first = next(c for c in table.header_rows()[0] if c.label)  # a form's row-title column has no label
    label = first.label
    for row in ws.iter_rows(min_col=first.col + 1, max_col=first.col + 1):
        if row[0].value == label:
            return row[0].row + table.depth
    raise AssertionError(f"no header row {label!r} in {ws.title}")


def table_sheet(wb, table):
    """The sheet holding `table` (the first sheet is the document's text)."""
    for ws in wb.worksheets[1:]:
        if any(c.value == table.title for row in ws.iter_rows(max_row=8, max_col=1) for c in row):
            return ws
    raise AssertionError(f"no sheet for {table.title!r}")


def xlsx_rows(ws, table):
    return [list(r) for r in ws.iter_rows(min_row=first_body_row(ws, table), values_only=True)]


def xlsx_numbers(ws, table):
    """The numeric cells below the header of the sheet that holds `table`."""
    idx = [i for i, c in enumerate(table.columns) if c.numeric]
    return [[row[i] for i in idx] for row in xlsx_rows(ws, table)]


def xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def docx_document(content: bytes):
    return Document(io.BytesIO(content))


def docx_table_rows(doc_table, depth):
    return [[cell.text for cell in row.cells] for row in doc_table.rows[depth:]]
