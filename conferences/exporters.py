"""One exporter per document: a small class that names the document's identifier, title, file
name and content (header, sections of paragraphs and tables, recipients, signatures), computed
once from the selectors. One .docx writer (`conferences.documents.write_docx`) and one .xlsx
writer (`conferences.workbooks.write_xlsx`) draw any exporter, and the HTML pages draw the same
sections, so the three formats cannot disagree on a sentence or a number.

Lives in conferences, the lowest app that writes a document (the minutes); scoring and reports
build their exporters on it.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import get_language, pgettext

from blocs.text import vn_slug


def motto() -> tuple[str, str]:
    """The national motto of the header, in the active language: a Vietnamese document keeps
    “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc”."""
    return (
        pgettext("document", "SOCIALIST REPUBLIC OF VIET NAM"),
        pgettext("document", "Independence - Freedom - Happiness"),
    )


def vn_date_line(place: str, date: datetime.date) -> str:
    """“Bắc Giang, ngày 03 tháng 8 năm 2022”: days 1–9 and months 1–2 take a leading zero
    (Decree 30/2020, appendix I)."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return pgettext("document", "%(place)s, %(day)s %(month)s %(year)s") % {
        "place": place,
        "day": f"{date.day:02d}",
        "month": month,
        "year": date.year,
    }


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column; `path` runs from the outermost group header down to the column's own label,
    e.g. ("Được tặng", "Cấp Nhà nước", "Tập thể")."""

    path: tuple[str, ...]
    numeric: bool = True
    width: int = 9  # characters, for the xlsx column width and the share of a docx table
    # The column's letter or number in the numbering row under the header (A, B, C, 1, 2…), as
    # statistical forms print it; adjacent columns with the same number share one cell.
    number: str = ""


@dataclass(frozen=True)
class HeaderCell:
    label: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    key: str  # short ASCII name: the HTML id
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str = ""
    sheet: str = ""  # the xlsx sheet name: a whole phrase of at most 31 characters
    strong_rows: frozenset = frozenset()  # indexes of body rows printed bold (a form's total, headings)

    @property
    def label_depth(self) -> int:
        """The header rows of labels (the numbering row, if any, comes under them)."""
        return max(len(c.path) for c in self.columns)

    @property
    def numbered(self) -> bool:
        return any(c.number for c in self.columns)

    @property
    def depth(self) -> int:
        """All header rows: the labels and the numbering row."""
        return self.label_depth + (1 if self.numbered else 0)

    @property
    def is_wide(self) -> bool:
        """Too wide for a portrait page: the .docx puts it in the landscape appendix."""
        return len(self.columns) > 7

    def header_cells(self) -> list[HeaderCell]:
        """The merged header cells, row by row: consecutive columns sharing a group label at a
        depth are merged across; a column whose path is shorter than the deepest one is merged
        down to the last row of labels. The numbering row, when the columns are numbered, is the
        last header row."""
        depth = self.label_depth
        cells = []
        for d in range(depth):
            c = 0
            while c < len(self.columns):
                path = self.columns[c].path
                if len(path) <= d:
                    c += 1
                    continue
                span = 1
                is_leaf = d == len(path) - 1
                if not is_leaf:
                    while (
                        c + span < len(self.columns)
                        and len(self.columns[c + span].path) > d + 1
                        and self.columns[c + span].path[: d + 1] == path[: d + 1]
                    ):
                        span += 1
                cells.append(
                    HeaderCell(label=path[d], row=d, col=c, rowspan=(depth - d) if is_leaf else 1, colspan=span)
                )
                c += span
        if self.numbered:
            c = 0
            while c < len(self.columns):
                number, span = self.columns[c].number, 1
                while number and c + span < len(self.columns) and self.columns[c + span].number == number:
                    span += 1
                cells.append(HeaderCell(label=number, row=depth, col=c, colspan=span))
                c += span
        return cells

    def header_rows(self) -> list[list[HeaderCell]]:
        rows = [[] for _ in range(self.depth)]
        for cell in self.header_cells():
            rows[cell.row].append(cell)
        return rows

    def body(self) -> list[list[tuple]]:
        """(value, numeric) pairs of every body row, for the HTML template."""
        return [[(v, c.numeric) for v, c in zip(row, self.columns, strict=True)] for row in self.rows]

    def total_cells(self) -> list[tuple]:
        if self.total is None:
            return []
        return [(v, c.numeric) for v, c in zip(self.total, self.columns, strict=True)]

    def flat_header(self) -> list[str]:
        """One label per column (the groups joined), for plain readers and tests."""
        return [" - ".join(c.path) for c in self.columns]

    def numbers(self) -> list[list]:
        """The numeric cells of every body row and of the total row, in order (a blank cell is
        None); the three-formats test compares these."""
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        return [[None if v == "" else v for v, c in zip(row, self.columns, strict=True) if c.numeric] for row in rows]


# --- the document ----------------------------------------------------------------------------


@dataclass
class Paragraph:
    """One paragraph. `style`: "body" (justified, first-line indent), "item" (a list item,
    drawn with a leading dash), "note" (italic), "warning" (italic; a box on the page),
    "subheading" (bold)."""

    text: str
    style: str = "body"


@dataclass
class Section:
    """A numbered part of the document: its heading ("I. …"; may be empty) and its blocks,
    paragraphs and tables in order."""

    heading: str
    blocks: list = field(default_factory=list)
    key: str = ""

    def add(self, text: str, style: str = "body") -> None:
        if text:
            self.blocks.append(Paragraph(text, style))

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass
class Header:
    """The Decree 30 header: issuing body (and its parent) with the number on the left, the
    national motto with place and date on the right; then the kind of document and its subject."""

    issuer_parent: str
    issuer: str
    number: str
    place: str
    date: datetime.date | None
    title: str
    subtitle: str

    @property
    def motto(self) -> tuple[str, str]:
        return motto()

    @property
    def place_date(self) -> str:
        if self.date is None:
            return pgettext("document", "%(place)s, day … month … year …") % {"place": self.place}
        return vn_date_line(self.place, self.date)


@dataclass
class Signature:
    """A signature block: the capacity lines (“TM. KHỐI THI ĐUA”, “TRƯỞNG KHỐI”), the space to
    sign, and the name."""

    lines: list[str]
    name: str = ""
    hint: str = ""  # e.g. “(Ký, ghi rõ họ tên)”


class Exporter:
    """A document. Subclasses set `identifier` and fill the attributes in `__init__` from a
    selector's result; nothing is computed again by the writers."""

    identifier = ""
    header: Header
    sections: list[Section]
    recipients: list[str]
    signatures: list[Signature]
    closing: str = ""  # a last italic line, e.g. “Biên bản được lập xong …”
    landscape_appendix = True  # wide tables go to a landscape appendix in the .docx

    def __init__(self):
        # The document is written in the language active when it is built (the user's).
        self.language = get_language() or "vi"
        self.sections = []
        self.recipients = []
        self.signatures = []

    @property
    def title(self) -> str:
        return f"{self.header.title} {self.header.subtitle}".strip()

    def file_words(self) -> list:
        """The words of the file name, in Vietnamese order; `filename` transliterates them."""
        return [self.header.title, self.header.subtitle]

    def filename(self, ext: str) -> str:
        return f"{vn_slug(*self.file_words(), max_length=120) or self.identifier}.{ext}"

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def section(self, heading: str, key: str = "") -> Section:
        section = Section(heading, key=key)
        self.sections.append(section)
        return section

    def texts(self) -> list[str]:
        """Every sentence of the document (header, headings, paragraphs, table titles and
        notes, recipients, signatures), for the test that compares the formats."""
        h = self.header
        out = [h.issuer_parent, h.issuer, *h.motto, h.number, h.place_date, h.title, h.subtitle]
        for s in self.sections:
            out.append(s.heading)
            for b in s.blocks:
                out.extend([b.text] if isinstance(b, Paragraph) else [b.title, b.note])
        out.extend(self.recipients)
        for sig in self.signatures:
            out.extend([*sig.lines, sig.name])
        out.append(self.closing)
        return [t for t in out if t]

    def docx(self) -> bytes:
        # Imported here: the writers import this module's document model (a real cycle).
        from conferences.documents import write_docx

        return write_docx(self)

    def xlsx(self) -> bytes:
        # Imported here: the writers import this module's document model (a real cycle).
        from conferences.workbooks import write_xlsx

        return write_xlsx(self)
