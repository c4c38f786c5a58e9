"""The .docx writer: draws any exporter (`conferences.exporters.Exporter`) in the Decree
30/2020/NĐ-CP layout.

A4 portrait; margins top and bottom 2 cm, left 3 cm, right 1.5 cm; Times New Roman 14 for the
text. The header is a borderless two-column table of fixed widths (issuing body and number left,
national motto and place and date right). The closing table (“Nơi nhận” left, signature right)
cannot split across pages and the paragraph before it keeps with it. Tables too wide for a
portrait page go to a landscape appendix section. Every table has explicit column widths (the
text columns take what the numbers leave), header rows that repeat on every page, rows that do
not split across pages, and a total row kept with the row before it.

The body is written as WordprocessingML in bulk: one string per row built from a row template
and parsed once per table, instead of python-docx's per-cell calls (issue 12: a 1,000-agency
report took 2.5 s that way). Every text goes through `awards.spreadsheets.clean_text` and is
XML-escaped.
"""

import io
import math
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from awards.spreadsheets import clean_text
from conferences.exporters import Exporter, Paragraph, Table, vn_date_line

__all__ = ["document_text", "format_value", "vn_date_line", "write_docx"]

FONT_NAME = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 567
# Portrait A4 text width: 21 − 3 − 1.5 cm; landscape: 29.7 − 2.5 − 1.5 cm.
PORTRAIT_WIDTH = round((21.0 - 3.0 - 1.5) * TWIPS_PER_CM)
LANDSCAPE_WIDTH = round((29.7 - 2.5 - 1.5) * TWIPS_PER_CM)
INDENT = TWIPS_PER_CM  # first-line indent of body paragraphs: 1 cm
HEADER_WIDTHS = (round(7.0 * TWIPS_PER_CM), PORTRAIT_WIDTH - round(7.0 * TWIPS_PER_CM))
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def format_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, 1)
    if isinstance(value, Decimal):
        return number_format(value, 2)
    return str(value)


# --- WordprocessingML fragments ---------------------------------------------------------------


def _text(text: str) -> str:
    """Runs' inner XML for a text: escaped, line breaks as <w:br/>."""
    parts = escape(clean_text(str(text))).split("\n")
    return "<w:br/>".join(f'<w:t xml:space="preserve">{p}</w:t>' for p in parts)


def _run(text: str, *, size=None, bold=False, italic=False, underline=False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += '<w:u w:val="single"/>' if underline else ""
    props += f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>' if size else ""
    return f"<w:r><w:rPr>{props}</w:rPr>{_text(text)}</w:r>"


def _p(
    runs: str,
    *,
    align="both",
    indent=0,
    before=0,
    after=60,
    keep_next=False,
    keep_lines=False,
    line=None,
) -> str:
    ppr = ("<w:keepNext/>" if keep_next else "") + ("<w:keepLines/>" if keep_lines else "")
    spacing = f'w:before="{before}" w:after="{after}"'
    if line:
        spacing += f' w:line="{line}" w:lineRule="auto"'
    ppr += f"<w:spacing {spacing}/>"
    if indent:
        ppr += f'<w:ind w:firstLine="{indent}"/>'
    ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _tc(width: int, content: str, *, span=1, vmerge=None, valign="center") -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _tbl(widths, rows_xml: str, *, borders=True, align="center") -> str:
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    border_xml = "".join(f"<w:{e} {edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="{align}"/>'
        f'<w:tblBorders>{border_xml}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows_xml}</w:tbl>'
    )


def _tr(cells: str, *, header=False) -> str:
    return f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if header else ''}</w:trPr>{cells}</w:tr>"


# --- column widths ----------------------------------------------------------------------------


def _longest_word(text) -> int:
    return max((len(w) for w in str(text).split()), default=0)


HEADER_LINES = 4  # a header label over one number column wraps onto at most this many lines


def own_header_labels(table: Table) -> list[list[str]]:
    """Per column, the labels of the header cells over that column alone (a kind of award with
    a single column under it): the column must be wide enough for their words."""
    own: list[list[str]] = [[] for _ in table.columns]
    for hc in table.header_cells():
        if hc.colspan == 1 and hc.row < table.label_depth:
            own[hc.col].append(hc.label)
    return own


def column_widths(table: Table, available: int, size: float) -> list[int]:
    """Widths in twips filling `available`: a number column as wide as its longest value or
    header word; the text columns share the rest in proportion to `Column.width`, each at least
    as wide as its longest word and at most as wide as its longest text (the remainder then goes
    to the number columns)."""
    char = size * 20 * 0.55  # an average character of Times New Roman, in twips
    pad = 230
    leaf = {hc.col: hc.label for hc in table.header_cells() if hc.row + hc.rowspan == table.label_depth}
    own = own_header_labels(table)
    rows = [*table.rows, *([table.total] if table.total else [])]
    need_min, need_max = [], []
    for i, col in enumerate(table.columns):
        # Each distinct value once (the counts of a 1,000-row table repeat): only the longest
        # matters. Keyed by type too: 1, 1.0 and True are equal but print differently.
        values = [format_value(v) for _, v in {(type(r[i]), r[i]) for r in rows if r[i] not in (None, "")}]
        if col.numeric:
            heads = [max(_longest_word(label), math.ceil(len(label) / HEADER_LINES)) for label in own[i]]
            chars = max([len(v) for v in values] + heads + [_longest_word(leaf.get(i, "")), 3])
            need_min.append(chars * char + pad)
            need_max.append(chars * char + pad)
        else:
            words = max([_longest_word(v) for v in values] + [_longest_word(leaf.get(i, "")), 3])
            longest = max([len(v) for v in values] + [len(leaf.get(i, "")) // 2, words])
            need_min.append(words * char + pad)
            need_max.append(longest * char + pad)
    widths = list(need_min)
    text_cols = [i for i, c in enumerate(table.columns) if not c.numeric]
    rest = available - sum(widths)
    if rest > 0 and text_cols:
        weight = sum(table.columns[i].width for i in text_cols)
        for i in text_cols:
            widths[i] = max(widths[i], min(need_max[i], need_min[i] + rest * table.columns[i].width / weight))
    rest = available - sum(widths)
    if rest > 0:
        # What is left goes to the widest text column (the names), else to the numbers.
        widest = max(text_cols, key=lambda i: table.columns[i].width) if text_cols else None
        targets = [widest] if widest is not None else list(range(len(widths)))
        for i in targets:
            widths[i] += rest / len(targets)
    elif rest < 0:
        scale = available / sum(widths)
        widths = [w * scale for w in widths]
    widths = [max(200, math.floor(w)) for w in widths]
    widths[-1] += available - sum(widths)
    return widths


def table_font_size(table: Table) -> float:
    n = len(table.columns)
    return 12 if n <= 7 else (11 if n <= 12 else 10)


def table_xml(table: Table, available: int) -> str:
    """The table as one <w:tbl>: header rows (repeated on every page), body rows written from
    one row template, the total row kept with the row before it."""
    size = table_font_size(table)
    widths = column_widths(table, available, size)
    sz = f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>'
    spacing = '<w:spacing w:before="0" w:after="0"/>'

    def cell_p(text, align, bold=False, keep=False):
        keep_xml = "<w:keepNext/>" if keep else ""
        b = "<w:b/>" if bold else ""
        return (
            f'<w:p><w:pPr>{keep_xml}{spacing}<w:jc w:val="{align}"/></w:pPr>'
            f"<w:r><w:rPr>{b}{sz}</w:rPr>{_text(text)}</w:r></w:p>"
        )

    out = []
    by_origin = {(hc.row, hc.col): hc for hc in table.header_cells()}
    for r in range(table.depth):
        cells, c = [], 0
        while c < len(table.columns):
            hc = by_origin.get((r, c))
            if hc is None:  # under a cell merged down from an upper row
                hc = next(h for (hr, hcol), h in by_origin.items() if hcol == c and hr < r < hr + h.rowspan)
                content, vmerge = "", "continue"
            else:
                content = cell_p(hc.label, "center", bold=True)
                vmerge = "restart" if hc.rowspan > 1 else None
            cells.append(_tc(sum(widths[c : c + hc.colspan]), content, span=hc.colspan, vmerge=vmerge))
            c += hc.colspan
        out.append(_tr("".join(cells), header=True))

    aligns = ["right" if col.numeric else "left" for col in table.columns]
    tc_open = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>' for w in widths]
    p_open = {
        (a, keep): f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}{spacing}<w:jc w:val="{a}"/></w:pPr>'
        for a in ("left", "right")
        for keep in (False, True)
    }
    run_plain, run_bold = f"<w:r><w:rPr>{sz}</w:rPr>", f"<w:r><w:rPr><w:b/>{sz}</w:rPr>"
    body = [(row, False) for row in table.rows]
    if table.total is not None:
        body.append((table.total, True))
    last_before_total = len(table.rows) - 1 if table.total is not None else -1
    texts = {}  # a value's <w:t>, made once per table: the counts repeat (0, 1, 2 …) across rows

    def text_of(value) -> str:
        key = (type(value), value)  # 1, 1.0 and True are equal keys but print differently
        xml = texts.get(key)
        if xml is None:
            xml = texts[key] = _text(format_value(value) if value != "" else "")
        return xml

    for n, (values, bold) in enumerate(body):
        bold = bold or n in table.strong_rows
        keep = n == last_before_total
        run = run_bold if bold else run_plain
        cells = "".join(
            f"{tc_open[i]}{p_open[aligns[i], keep]}{run}{text_of(v)}</w:r></w:p></w:tc>" for i, v in enumerate(values)
        )
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return _tbl(widths, "".join(out))


# --- the document -----------------------------------------------------------------------------


def new_document():
    """An A4 portrait document with the Decree 30 margins and Times New Roman 14."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    style.element.rPr.rFonts.set(qn("w:cs"), FONT_NAME)
    style.paragraph_format.space_after = Pt(3)
    return doc


def header_xml(header) -> str:
    left_w, right_w = HEADER_WIDTHS

    def centre(text, **kw):
        return _p(_run(text, **kw), align="center", after=0)

    left = (centre(header.issuer_parent.upper(), size=12) if header.issuer_parent else "") + centre(
        header.issuer.upper(), size=12, bold=True
    )
    motto_1, motto_2 = header.motto
    right = centre(motto_1, size=12, bold=True) + centre(motto_2, size=13, bold=True, underline=True)
    rows = _tr(_tc(left_w, left, valign="top") + _tc(right_w, right, valign="top"))
    rows += _tr(
        _tc(left_w, centre(header.number, size=13), valign="top")
        + _tc(right_w, centre(header.place_date, size=13, italic=True), valign="top")
    )
    return _tbl(HEADER_WIDTHS, rows, borders=False)


def _paragraph_xml(p: Paragraph, *, keep_next=False) -> str:
    if p.style == "item":
        return _p(_run(f"- {p.text}"), indent=INDENT, keep_next=keep_next)
    if p.style == "subheading":
        return _p(_run(p.text, bold=True), indent=INDENT, before=60, keep_next=True)
    italic = p.style in ("note", "warning")
    return _p(_run(p.text, italic=italic), indent=INDENT, keep_next=keep_next)


def _table_block(table: Table, available: int) -> str:
    parts = [_p(_run(table.title, bold=True, size=13), align="left", before=120, keep_next=True)]
    if table.note:
        parts.append(_p(_run(table.note, italic=True, size=12), align="left", keep_next=True))
    parts.append(table_xml(table, available))
    return "".join(parts)


def closing_xml(exporter: Exporter) -> str:
    """“Nơi nhận” bottom left and the signature right (or the signatures side by side when there
    are no recipients), in one row that cannot split across pages."""
    sigs = exporter.signatures

    def signature_cell(sig, width):
        content = "".join(_p(_run(line.upper(), bold=True, size=14), align="center", after=0) for line in sig.lines)
        if sig.hint:
            content += _p(_run(sig.hint, italic=True, size=13), align="center", after=0)
        content += _p("", after=0) * 3
        content += _p(_run(sig.name, bold=True, size=14), align="center", after=0)
        return _tc(width, content, valign="top")

    if exporter.recipients:
        left_w = round(PORTRAIT_WIDTH * 0.45)
        right_w = PORTRAIT_WIDTH - left_w
        items = exporter.recipients
        left = _p(_run(pgettext("document", "Recipients:"), bold=True, italic=True, size=12), align="left", after=0)
        left += "".join(
            _p(_run(f"- {name}{'.' if i == len(items) - 1 else ';'}", size=11), align="left", after=0)
            for i, name in enumerate(items)
        )
        right = signature_cell(sigs[0], right_w) if sigs else _tc(right_w, "")
        return _tbl((left_w, right_w), _tr(_tc(left_w, left, valign="top") + right), borders=False)
    if not sigs:
        return ""
    width = PORTRAIT_WIDTH // len(sigs)
    widths = [width] * len(sigs)
    widths[-1] += PORTRAIT_WIDTH - sum(widths)
    return _tbl(widths, _tr("".join(signature_cell(s, w) for s, w in zip(sigs, widths, strict=True))), borders=False)


def _section_break_xml(*, landscape: bool) -> str:
    """A paragraph ending the portrait section (the landscape appendix follows)."""
    w, h = (16838, 11906) if landscape else (11906, 16838)
    return (
        f'<w:p><w:pPr><w:sectPr><w:pgSz w:w="{w}" w:h="{h}"/>'
        f'<w:pgMar w:top="{2 * TWIPS_PER_CM}" w:right="{round(1.5 * TWIPS_PER_CM)}" '
        f'w:bottom="{2 * TWIPS_PER_CM}" w:left="{3 * TWIPS_PER_CM}" w:header="720" w:footer="720" w:gutter="0"/>'
        "</w:sectPr></w:pPr></w:p>"
    )


def body_xml(exporter: Exporter) -> tuple[list[str], list[Table]]:
    """The portrait part as XML fragments, and the wide tables for the appendix."""
    h = exporter.header
    out = [header_xml(h)]
    out.append(_p(_run(h.title.upper(), bold=True), align="center", before=240, after=0, keep_next=True))
    if h.subtitle:
        out.append(_p(_run(h.subtitle, bold=True), align="center", after=240, keep_next=True))
    appendix = []
    blocks = []
    for s in exporter.sections:
        if s.heading:
            blocks.append(("heading", s.heading))
        for b in s.blocks:
            if isinstance(b, Table) and b.is_wide and exporter.landscape_appendix:
                appendix.append(b)
                blocks.append(
                    (
                        Paragraph(
                            pgettext("document", "(Table “%(title)s”: see the appendix.)") % {"title": b.title},
                            "note",
                        ),
                        None,
                    )
                )
            else:
                blocks.append((b, None))
    if exporter.closing:
        blocks.append((Paragraph(exporter.closing, "note"), None))
    for n, (b, text) in enumerate(blocks):
        last = n == len(blocks) - 1  # the last paragraph keeps with the signature
        if b == "heading":
            out.append(_p(_run(text, bold=True), align="left", indent=INDENT, before=120, keep_next=True))
        elif isinstance(b, Table):
            out.append(_table_block(b, PORTRAIT_WIDTH))
        else:
            out.append(_paragraph_xml(b, keep_next=last))
    out.append(closing_xml(exporter))
    return out, appendix


def _with_body(package: bytes, xml: str) -> bytes:
    """The saved package with `xml` (paragraphs and tables) put into word/document.xml before
    the body's final section properties, as text. Parsed and moved into python-docx's tree
    instead, a 1,000-row table took lxml 33 s to move from one document to the other."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.rindex("<w:sectPr")
                data = (text[:at] + xml + text[at:]).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def write_docx(exporter: Exporter) -> bytes:
    doc = new_document()
    fragments, appendix = body_xml(exporter)
    xml = "".join(fragments)
    if appendix:
        # The portrait part ends with a section break; the document's own (last) section is
        # then the landscape appendix.
        xml += _section_break_xml(landscape=False)
        xml += _p(_run(pgettext("document", "APPENDIX"), bold=True), align="center", after=120, keep_next=True)
        xml += "".join(_table_block(table, LANDSCAPE_WIDTH) for table in appendix)
        section = doc.sections[-1]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    props = doc.core_properties
    props.title = exporter.title[:250]
    props.author = exporter.header.issuer[:250]
    props.language = exporter.language
    buf = io.BytesIO()
    doc.save(buf)
    return _with_body(buf.getvalue(), xml)


def document_text(doc) -> str:
    """All text of a document, paragraphs and table cells, for tests and previews."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
    return "\n".join(parts)
