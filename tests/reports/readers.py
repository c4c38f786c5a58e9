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


def xlsx_numbers(ws, table):
    """The numeric cells below the header of the sheet that holds `table`."""
    first_body = 8 + (1 if table.note else 0) + table.depth
    idx = [i for i, c in enumerate(table.columns) if c.numeric]
    rows = list(ws.iter_rows(min_row=first_body, values_only=True))
    return [[row[i] for i in idx] for row in rows]


def docx_document(content: bytes):
    return Document(io.BytesIO(content))


def docx_table_rows(doc_table, depth):
    return [[cell.text for cell in row.cells] for row in doc_table.rows[depth:]]
