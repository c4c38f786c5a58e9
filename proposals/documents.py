"""The dossier's papers and the board's exports, content first.

Each document is built in two steps: a `*_content()` function returns plain data (a `Paper`:
header, title, blocks of paragraphs and tables, signature, recipients; or rows for a
spreadsheet), and one renderer draws it (`paper_docx`, with the Decree 30 helpers of
`conferences.documents`: A4, Times New Roman, the two-column borderless header; `rows_xlsx`
with `awards.spreadsheets.write_cell`, which makes every string inert). The wording of the
papers is Vietnamese in every language, like the minutes.

Legal bases quoted: Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 and Nghị định số
98/2023/NĐ-CP ngày 31/12/2023 (see DOMAIN.md); a province adds its own regulation when it edits
the draft.
"""

import datetime
import io
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from awards.spreadsheets import CENTER, FONT_BOLD, FONT_TITLE, WRAP, write_cell
from conferences.exporters import Column, Exporter, Header, Signature, Table
from conferences.selectors import vn_long_date, vn_percent
from proposals.models import Dossier, ProposalItem

LAW = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
DECREE = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
    "số điều của Luật Thi đua, khen thưởng;"
)
BLANK_DATE = "ngày      tháng      năm"


@dataclass
class Block:
    """A paragraph (`text`), a bold heading (`heading`), or a table (`header` + `rows`)."""

    text: str = ""
    heading: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    italic: bool = False
    centred_bold: bool = False


@dataclass
class Paper:
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    subtitle: str
    blocks: list[Block]
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    signatures: list[tuple[str, str]] = field(default_factory=list)  # side by side, for records


def _count(n: int) -> str:
    return f"{n:02d}"


def _place_date(province: str, date: datetime.date | None) -> str:
    return f"{province}, {vn_long_date(date)}" if date else f"{province}, {BLANK_DATE}"


def _recipient_word(item: ProposalItem) -> str:
    return "cá nhân" if item.recipient == ProposalItem.Recipient.INDIVIDUAL else "tập thể"


def _by_award(items: list[ProposalItem]) -> "OrderedDict[str, list[ProposalItem]]":
    groups: OrderedDict[str, list[ProposalItem]] = OrderedDict()
    for item in items:
        groups.setdefault(item.label, []).append(item)
    return groups


def _vote_cell(item: ProposalItem) -> str:
    if item.votes is None:
        return "Đạt" if item.vote_id else ""
    if item.valid_ballots:
        return f"{item.votes}/{item.valid_ballots} phiếu ({vn_percent(item.percent)})"
    return f"{item.votes} phiếu"


def _award_summary(items: list[ProposalItem]) -> str:
    collectives = sum(1 for i in items if i.recipient == ProposalItem.Recipient.COLLECTIVE)
    individuals = len(items) - collectives
    parts = []
    if collectives:
        parts.append(f"{_count(collectives)} tập thể")
    if individuals:
        parts.append(f"{_count(individuals)} cá nhân")
    return " và ".join(parts)


# --- The cover letter (Tờ trình) -----------------------------------------------------------


def cover_letter_content(dossier: Dossier, items: list[ProposalItem]) -> Paper:
    """The bloc's cover letter to the People's Committee (through Home Affairs) proposing its
    nominees, grouped by award, with the vote each got."""
    conference = dossier.conference
    bloc = dossier.bloc
    province = bloc.province.name
    held = f" ngày {conference.date:%d/%m/%Y}" if conference.date else ""
    blocks = [
        Block(text=f"Kính gửi: Ủy ban nhân dân tỉnh {province} (qua Sở Nội vụ).", centred_bold=True),
        Block(text=LAW),
        Block(text=DECREE),
        Block(
            text=f"Căn cứ kết quả bình xét, suy tôn tại {conference.display_title}{held}, {bloc.name} "
            f"kính đề nghị Ủy ban nhân dân tỉnh {province} xem xét, khen thưởng cho các tập thể, cá nhân "
            "có thành tích xuất sắc trong phong trào thi đua năm "
            f"{dossier.year}, cụ thể như sau:"
        ),
    ]
    for n, (label, group) in enumerate(_by_award(items).items(), start=1):
        blocks.append(Block(heading=f"{n}. {label}: {_award_summary(group)}"))
        blocks.append(
            Block(
                header=["TT", "Tên tập thể, cá nhân", "Kết quả bình xét"],
                rows=[[i, item.nominee, _vote_cell(item)] for i, item in enumerate(group, start=1)],
            )
        )
    blocks.append(Block(text="(Có hồ sơ, báo cáo thành tích kèm theo)", italic=True))
    blocks.append(Block(text=f"Kính đề nghị Ủy ban nhân dân tỉnh {province} xem xét, quyết định./."))
    submitted = timezone.localdate(dossier.submitted_at) if dossier.submitted_at else None
    return Paper(
        issuer_parent=f"Hội đồng Thi đua - Khen thưởng tỉnh {province}",
        issuer=bloc.name,
        number=f"Số: {dossier.number}" if dossier.number else "Số:       /TTr",
        place_date=_place_date(province, submitted),
        title="Tờ trình",
        subtitle=f"Về việc đề nghị khen thưởng năm {dossier.year}",
        blocks=blocks,
        signer_title=dossier.signer_title or "Trưởng khối",
        signer_name=dossier.signer_name,
        recipients=["Như trên", "Sở Nội vụ (Phòng Thi đua - Khen thưởng)", "Các thành viên Khối", "Lưu: VT"],
    )


# --- The vote-count record (Biên bản kiểm phiếu) -------------------------------------------


def vote_count_content(minutes) -> Paper | None:
    """The record of the ballot count of every vote whose ballots were recorded, from the
    minutes' plain data (`conferences.selectors.minutes`); None when no ballot was recorded."""
    votes = [v for v in minutes.votes if v.has_ballots]
    if not votes:
        return None
    blocks = [Block(text=minutes.time_line)]
    if minutes.place_line:
        blocks.append(Block(text=minutes.place_line))
    for n, v in enumerate(votes, start=1):
        blocks.append(Block(heading=f"{n}. {v.kind_text}: {v.label}"))
        blocks.append(
            Block(
                text=f"Số phiếu phát ra: {v.issued}; số phiếu thu về: {v.returned}; số phiếu hợp lệ: {v.valid}; "
                f"số phiếu không hợp lệ: {v.invalid}. Ngưỡng đạt: trên {v.threshold_percent}% số phiếu hợp lệ."
            )
        )
        blocks.append(
            Block(
                header=["TT", "Cơ quan, đơn vị", "Số phiếu", "Tỷ lệ (% phiếu hợp lệ)", "Kết quả"],
                rows=[
                    [i, c.agency, "" if c.votes is None else c.votes, c.percent_text, "Đạt" if c.won else "Không đạt"]
                    for i, c in enumerate(v.candidates, start=1)
                ],
            )
        )
    blocks.append(Block(text="Biên bản kiểm phiếu được lập và công bố tại hội nghị.", italic=True))
    return Paper(
        issuer_parent=minutes.issuer_parent,
        issuer=minutes.issuer,
        number="Số:       /BB-KP",
        place_date=minutes.place_date,
        title="Biên bản kiểm phiếu",
        subtitle=minutes.subtitle,
        blocks=blocks,
        signatures=[("Thư ký", minutes.secretary_name), ("Chủ trì", minutes.chair_name)],
    )


# --- The draft decision (dự thảo Quyết định) ------------------------------------------------


def draft_decision_content(province_name: str, year: int, items: list[ProposalItem]) -> Paper:
    """The draft decision of the provincial chair granting the items the council agreed, award
    by award, collectives then individuals. Number and date are left blank for the office."""
    blocks = [
        Block(text=f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province_name.upper()}", centred_bold=True),
        Block(text=LAW),
        Block(text=DECREE),
        Block(text="Xét đề nghị của Giám đốc Sở Nội vụ và ý kiến của Hội đồng Thi đua - Khen thưởng tỉnh."),
        Block(text="QUYẾT ĐỊNH:", centred_bold=True),
    ]
    groups = _by_award(items)
    if not groups:
        blocks.append(Block(text="Điều 1. (Chưa có tập thể, cá nhân được Hội đồng nhất trí đề nghị.)"))
    for n, (label, group) in enumerate(groups.items(), start=1):
        prefix = "Điều 1. " if n == 1 else ""
        blocks.append(
            Block(
                text=f"{prefix}{n}. Tặng {label} cho {_award_summary(group)} đã có thành tích xuất sắc trong phong "
                f"trào thi đua năm {year} (có danh sách kèm theo):"
            )
        )
        ordered = sorted(group, key=lambda i: i.recipient != ProposalItem.Recipient.COLLECTIVE)
        blocks.append(
            Block(
                header=["TT", "Tên tập thể, cá nhân", "Tập thể / cá nhân", "Khối thi đua"],
                rows=[
                    [i, item.nominee, _recipient_word(item), item.dossier.bloc.name]
                    for i, item in enumerate(ordered, start=1)
                ],
            )
        )
    blocks.append(
        Block(
            text="Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Kinh phí khen thưởng thực hiện theo quy định "
            "hiện hành."
        )
    )
    blocks.append(
        Block(
            text="Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, thủ trưởng các cơ quan, đơn vị "
            "có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        )
    )
    return Paper(
        issuer_parent="",
        issuer=f"Ủy ban nhân dân tỉnh {province_name}",
        number="Số:       /QĐ-UBND",
        place_date=f"{province_name}, {BLANK_DATE}",
        title="Quyết định",
        subtitle=f"Về việc khen thưởng các tập thể, cá nhân thuộc các Khối thi đua năm {year}",
        blocks=blocks,
        signer_title="Chủ tịch",
        signer_name="",
        recipients=["Như Điều 3", "Sở Nội vụ", "Lưu: VT"],
    )


# --- Rendering ------------------------------------------------------------------------------


@dataclass
class _PaperHeader(Header):
    """A header whose place-and-date line is given as written (a blank date stays blank)."""

    written_place_date: str = ""

    @property
    def place_date(self) -> str:
        return self.written_place_date


class PaperExporter(Exporter):
    """A `Paper` as a document of the one document model (`conferences.exporters`), drawn by the
    one .docx writer in the Decree 30 layout."""

    identifier = "proposal-paper"
    landscape_appendix = False

    def __init__(self, paper: Paper):
        super().__init__()
        self.header = _PaperHeader(
            issuer_parent=paper.issuer_parent,
            issuer=paper.issuer,
            number=paper.number,
            place="",
            date=None,
            title=paper.title,
            subtitle=paper.subtitle,
            written_place_date=paper.place_date,
        )
        section = self.section("")
        for n, block in enumerate(paper.blocks):
            if block.header:
                columns = [Column((label,), numeric=False, width=max(6, len(label))) for label in block.header]
                section.blocks.append(Table(key=f"t{n}", title="", columns=columns, rows=block.rows))
            elif block.heading:
                section = self.section(block.heading)
            elif block.centred_bold:
                section.add(block.text, "subheading")
            else:
                section.add(block.text, "note" if block.italic else "body")
        self.signatures = [Signature(lines=[title], name=name) for title, name in paper.signatures]
        if paper.signer_title:
            self.signatures.append(Signature(lines=[paper.signer_title.upper()], name=paper.signer_name))
        self.recipients = list(paper.recipients)


def paper_docx(paper: Paper) -> bytes:
    """A `Paper` drawn as a .docx in the Decree 30 layout."""
    return PaperExporter(paper).docx()


def paper_text(paper: Paper) -> str:
    """Every line of a `Paper`, for tests and previews."""
    lines = [paper.issuer_parent, paper.issuer, paper.number, paper.place_date, paper.title, paper.subtitle]
    for block in paper.blocks:
        lines.append(block.heading or block.text)
        lines.extend(" | ".join(str(c) for c in row) for row in block.rows)
    lines.extend([paper.signer_title, paper.signer_name, *paper.recipients])
    return "\n".join(line for line in lines if line)


# --- Spreadsheets ---------------------------------------------------------------------------

PROPOSAL_COLUMNS = [
    ("TT", 5),
    ("Khối thi đua", 32),
    ("Tên tập thể, cá nhân", 40),
    ("Tập thể / cá nhân", 12),
    ("Cơ quan, đơn vị", 30),
    ("Hình thức khen thưởng", 34),
    ("Kết quả bình xét", 20),
    ("Ý kiến Hội đồng", 24),
    ("Quyết định", 34),
]


def proposals_list_content(province_name: str, year: int, rows) -> tuple[str, list[list]]:
    """The title and the rows of the proposals list for the council meeting."""
    title = f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC KHỐI THI ĐUA NĂM {year} — TỈNH {province_name.upper()}"
    body = [
        [
            n,
            r.bloc,
            r.nominee,
            "Cá nhân" if r.recipient == ProposalItem.Recipient.INDIVIDUAL else "Tập thể",
            r.agency,
            r.award,
            r.vote,
            r.council,
            r.decision,
        ]
        for n, r in enumerate(rows, start=1)
    ]
    return title, body


def rows_xlsx(title: str, columns: list[tuple[str, int]], rows: list[list], *, sheet: str = "Danh sách") -> bytes:
    """A one-sheet workbook: the title, the header row, the rows; every string made inert."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    write_cell(ws, 1, 1, title, font=FONT_TITLE, border=False)
    for c, (label, width) in enumerate(columns, start=1):
        write_cell(ws, 3, c, label, font=FONT_BOLD, alignment=CENTER)
        ws.column_dimensions[ws.cell(row=3, column=c).column_letter].width = width
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            write_cell(ws, r, c, value, alignment=WRAP)
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- The individuals' template -------------------------------------------------------------

INDIVIDUAL_COLUMNS = [
    ("Họ và tên", 28),
    ("Chức vụ", 28),
    ("Đơn vị công tác", 30),
    ("Cơ quan (thành viên Khối)", 34),
    ("Hình thức khen thưởng", 40),
    ("Cấp có thẩm quyền", 26),
]
INDIVIDUAL_SHEET = "Cá nhân"
LISTS_SHEET = "Danh mục"


def individuals_template(agencies: list[str], forms: list[str], authority: str = "") -> bytes:
    """The .xlsx template of the individuals' list: one row per person (name, position, unit,
    member agency, award form, authority), with drop-down lists of the bloc's members and of the
    award forms given to individuals."""
    wb = Workbook()
    ws = wb.active
    ws.title = INDIVIDUAL_SHEET
    for c, (label, width) in enumerate(INDIVIDUAL_COLUMNS, start=1):
        write_cell(ws, 1, c, label, font=FONT_BOLD, alignment=CENTER)
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = width
    lists = wb.create_sheet(LISTS_SHEET)
    for r, name in enumerate(agencies, start=1):
        write_cell(lists, r, 1, name, border=False)
    for r, name in enumerate(forms, start=1):
        write_cell(lists, r, 2, name, border=False)
    lists.sheet_state = "hidden"
    if agencies:
        dv = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$A$1:$A${len(agencies)}", allow_blank=True)
        dv.add("D2:D501")
        ws.add_data_validation(dv)
    if forms:
        dv = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$B$1:$B${len(forms)}", allow_blank=True)
        dv.add("E2:E501")
        ws.add_data_validation(dv)
    if authority:
        write_cell(ws, 2, 6, authority)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
