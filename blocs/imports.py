"""The bloc division of a province from one .xlsx: the template, the parser and the plan.

One row per membership: `Tên khối`, `Loại` (khối / cụm), `Số`, `Cơ quan, đơn vị`, `Loại cơ
quan`, `Vai trò` (Trưởng khối / Phó khối / Thành viên). `parse_division` reads a workbook and
checks it on its own (every error named by sheet, row and column); `plan_division` compares it
with what the province already has for the year and lists what an import would create and
change, or why it cannot. The writes are `blocs.services.import_division`, all or nothing.
Agencies and blocs are matched by name within the province with `match_key` (case, spacing
and Unicode form ignored), so a second import of the same file changes nothing.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from blocs.models import MAX_DEPUTIES_CEILING, Agency, Bloc, Membership, Province
from blocs.spreadsheets import WorkbookRefused, open_xlsx, set_value, unquote
from blocs.text import match_key, normalize_text, vn_sort_key

# The file format: these headers are what offices type and what the parser looks for.
COLUMNS = [
    ("bloc", "Tên khối", 44),
    ("bloc_kind", "Loại", 10),
    ("number", "Số", 6),
    ("agency", "Cơ quan, đơn vị", 52),
    ("agency_kind", "Loại cơ quan", 40),
    ("role", "Vai trò", 14),
]
COLUMN_OF = {name: i for i, (name, _header, _width) in enumerate(COLUMNS, start=1)}
HEADERS = [header for _name, header, _width in COLUMNS]
BLOC_KINDS = {"khối": Bloc.Kind.KHOI, "cụm": Bloc.Kind.CUM}
ROLES = {
    "Trưởng khối": Membership.Role.LEADER,
    "Phó khối": Membership.Role.DEPUTY,
    "Thành viên": Membership.Role.MEMBER,
}
ROLE_LABELS = {code: label for label, code in ROLES.items()}
MAX_DATA_ROWS = 3000  # 150 agencies a province; far more is not a division
ROLE_ORDER = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}


def _role_aliases() -> dict[str, str]:
    aliases = {match_key(label): code for label, code in ROLES.items()}
    aliases.update({match_key(alias): code for alias, code in (("Trưởng cụm", "leader"), ("Phó cụm", "deputy"))})
    aliases.update({match_key(code): code for code in Membership.Role.values})
    return aliases


def _agency_kind_aliases() -> dict[str, str]:
    aliases = {}
    for code, label in Agency.Kind.choices:
        aliases[match_key(code)] = code
        aliases[match_key(str(label))] = code
        with translation.override("vi"):
            aliases[match_key(str(label))] = code
    return aliases


def agency_kind_labels() -> list[str]:
    with translation.override("vi"):
        return [str(label) for _code, label in Agency.Kind.choices]


# --- Template -----------------------------------------------------------------------------


def division_rows(province: Province, year: int) -> list[tuple]:
    """The province's division in `year` as rows of the file (bloc by number and name, leader,
    deputies, then members in Vietnamese order)."""
    memberships = Membership.objects.filter(bloc__province=province, year=year).select_related("bloc", "agency")
    with translation.override("vi"):
        kind_label = {code: str(label) for code, label in Agency.Kind.choices}
    rows = sorted(
        memberships,
        key=lambda m: (
            m.bloc.number is None,
            m.bloc.number or 0,
            vn_sort_key(m.bloc.name),
            ROLE_ORDER[m.role],
            m.deputy_slot or 0,
            vn_sort_key(m.agency.name),
        ),
    )
    kinds = {code: label for label, code in BLOC_KINDS.items()}
    return [
        (
            m.bloc.name,
            kinds[m.bloc.kind],
            m.bloc.number,
            m.agency.name,
            kind_label.get(m.agency.kind, ""),
            ROLE_LABELS[m.role],
        )
        for m in rows
    ]


def build_template(*, province: Province | None = None, year: int | None = None) -> bytes:
    """The template workbook, in Vietnamese: the data sheet (pre-filled with the province's
    division of `year` when given), drop-down lists, and an instructions sheet."""
    with translation.override("vi"):
        wb = Workbook()
        ws = wb.active
        ws.title = _("Bloc division")
        lists = wb.create_sheet(_("Lists"))
        help_sheet = wb.create_sheet(_("Instructions"))

        bold = Font(bold=True)
        for col, (_name, header, width) in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=1, column=col, value=header)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        rows = division_rows(province, year) if province is not None and year is not None else []
        for r, values in enumerate(rows, start=2):
            for col, value in enumerate(values, start=1):
                set_value(ws.cell(row=r, column=col), value)

        choices = {
            "bloc_kind": list(BLOC_KINDS),
            "agency_kind": agency_kind_labels(),
            "role": list(ROLES),
        }
        for col, (name, values) in enumerate(choices.items(), start=1):
            lists.cell(row=1, column=col, value=HEADERS[COLUMN_OF[name] - 1]).font = bold
            for r, value in enumerate(values, start=2):
                lists.cell(row=r, column=col, value=value)
            letter = get_column_letter(col)
            validation = DataValidation(
                type="list",
                formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Choose from the list"),
                error=_("Choose a value from the list."),
            )
            target = get_column_letter(COLUMN_OF[name])
            validation.add(f"{target}2:{target}{MAX_DATA_ROWS + 1}")
            ws.add_data_validation(validation)
            lists.column_dimensions[letter].width = 40
        lists.sheet_state = "hidden"

        instructions = [
            _("How to fill in the bloc division"),
            _("One row per member agency of a bloc, on the sheet “%(sheet)s”. Do not change the first row.")
            % {"sheet": ws.title},
            _("Tên khối: the bloc's name as in the province's decision, e.g. “Khối thi đua các cơ quan Nội chính”."),
            _("Loại: khối or cụm (empty: khối). Số: the bloc's number, if it has one (e.g. 6)."),
            _(
                "Cơ quan, đơn vị: the agency's full name. An agency of the province with the same name "
                "(case, spacing and accents typed another way do not matter) is used; otherwise it is created."
            ),
            _("Loại cơ quan: the kind of agency, from the list; needed for a new agency (empty: Other)."),
            _(
                "Vai trò: Trưởng khối (one per bloc), Phó khối (at most three) or Thành viên (empty: Thành viên). "
                "Deputies are numbered in the order of the rows."
            ),
            _(
                "An agency belongs to one bloc a year. The file is checked as a whole: if anything is wrong, "
                "nothing is imported and every error is listed with its sheet, row and column."
            ),
            _(
                "Before anything is saved, the application shows what the import will create and change. "
                "Importing the same file again changes nothing."
            ),
            _("Formulas are not accepted: type the values."),
        ]
        help_sheet.column_dimensions["A"].width = 120
        for r, text in enumerate(instructions, start=1):
            cell = set_value(help_sheet.cell(row=r, column=1), text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True, size=14)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


# --- Parsing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionRow:
    sheet: str
    row: int
    bloc: str
    bloc_kind: str | None  # None: not given
    number: int | None
    agency: str
    agency_kind: str | None
    role: str


class DivisionInvalid(Exception):
    """The file is refused; `errors` lists every reason, in the user's language."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def where(sheet: str, row: int, column: str | None = None) -> str:
    if column is None:
        return _("Sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet, "row": row}
    col = COLUMN_OF[column]
    return _("Sheet “%(sheet)s”, row %(row)d, column %(col)s (%(header)s)") % {
        "sheet": sheet,
        "row": row,
        "col": get_column_letter(col),
        "header": HEADERS[col - 1],
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(unquote(str(value)))


def _data_sheets(wb):
    wanted = [match_key(h) for h in HEADERS]
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        found = [match_key(_text(ws.cell(row=1, column=c).value)) for c in range(1, len(HEADERS) + 1)]
        if found == wanted:
            yield ws


def parse_division(data: bytes, *, name: str = "") -> list[DivisionRow]:
    """Read the division from a workbook. Raises `DivisionInvalid` listing every error by sheet,
    row and column; the checks that need no database are done here (empty names, unknown kinds
    and roles, an agency twice, two leaders, too many deputies, one bloc written two ways)."""
    try:
        wb = open_xlsx(data, name=name)
    except WorkbookRefused as exc:
        raise DivisionInvalid([str(exc)]) from exc
    sheets = list(_data_sheets(wb))
    if not sheets:
        raise DivisionInvalid(
            [_("No sheet has the columns %(columns)s in its first row.") % {"columns": ", ".join(HEADERS)}]
        )
    roles, agency_kinds = _role_aliases(), _agency_kind_aliases()
    bloc_kinds = {match_key(k): v for k, v in BLOC_KINDS.items()} | {match_key(v): v for v in Bloc.Kind.values}
    errors: list[str] = []
    rows: list[DivisionRow] = []

    def err(sheet, r, column, message):
        errors.append(f"{where(sheet, r, column)}: {message}")

    for ws in sheets:
        sheet = ws.title
        if ws.max_row > MAX_DATA_ROWS + 1:
            errors.append(_("The sheet “%(sheet)s” has more than %(n)d rows.") % {"sheet": sheet, "n": MAX_DATA_ROWS})
            continue
        for r in range(2, ws.max_row + 1):
            cells = {name: ws.cell(row=r, column=col) for name, col in COLUMN_OF.items()}
            if all(_text(c.value) == "" for c in cells.values()):
                continue
            before = len(errors)
            for column, cell in cells.items():
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    err(sheet, r, column, _("Formulas are not accepted; type the value."))
            if len(errors) > before:
                continue
            values = {column: _text(cell.value) for column, cell in cells.items()}
            if not values["bloc"]:
                err(sheet, r, "bloc", _("The bloc's name is empty."))
            if not values["agency"]:
                err(sheet, r, "agency", _("The agency's name is empty."))
            for column, limit in (("bloc", 255), ("agency", 255)):
                if len(values[column]) > limit:
                    err(sheet, r, column, _("The name is longer than %(n)d characters.") % {"n": limit})
            bloc_kind = None
            if values["bloc_kind"]:
                bloc_kind = bloc_kinds.get(match_key(values["bloc_kind"]))
                if bloc_kind is None:
                    err(
                        sheet,
                        r,
                        "bloc_kind",
                        _("Unknown kind “%(value)s”: write khối or cụm.") % {"value": values["bloc_kind"]},
                    )
            number = None
            raw_number = cells["number"].value
            if values["number"]:
                if (
                    isinstance(raw_number, bool)
                    or not values["number"].isdigit()
                    or not 0 < int(values["number"]) < 1000
                ):
                    err(sheet, r, "number", _("Write the bloc's number as a whole number (e.g. 6), or leave it empty."))
                else:
                    number = int(values["number"])
            agency_kind = None
            if values["agency_kind"]:
                agency_kind = agency_kinds.get(match_key(values["agency_kind"]))
                if agency_kind is None:
                    err(
                        sheet,
                        r,
                        "agency_kind",
                        _("Unknown kind of agency “%(value)s”: choose one from the list.")
                        % {"value": values["agency_kind"]},
                    )
            role = Membership.Role.MEMBER
            if values["role"]:
                role = roles.get(match_key(values["role"]))
                if role is None:
                    err(
                        sheet,
                        r,
                        "role",
                        _("Unknown role “%(value)s”: write Trưởng khối, Phó khối or Thành viên.")
                        % {"value": values["role"]},
                    )
            if len(errors) > before:
                continue
            rows.append(DivisionRow(sheet, r, values["bloc"], bloc_kind, number, values["agency"], agency_kind, role))
    if not errors and not rows:
        errors.append(_("The file has no rows to import."))
    errors += _check_rows(rows)
    if errors:
        raise DivisionInvalid(errors)
    return rows


def _check_rows(rows: list[DivisionRow]) -> list[str]:
    """What the rows say about each other: each agency in one bloc, one leader and at most
    three deputies a bloc, a bloc's kind and number written the same way on every row."""
    errors = []
    first_of_bloc: dict[str, DivisionRow] = {}
    agency_at: dict[str, DivisionRow] = {}
    leader_at: dict[str, DivisionRow] = {}
    deputies: dict[str, int] = {}
    for row in rows:
        bloc_key, agency_key = match_key(row.bloc), match_key(row.agency)
        first = first_of_bloc.setdefault(bloc_key, row)
        if row.bloc_kind is not None and first.bloc_kind is not None and row.bloc_kind != first.bloc_kind:
            errors.append(
                f"{where(row.sheet, row.row, 'bloc_kind')}: "
                + _("“%(bloc)s” has another kind in row %(row)d.") % {"bloc": row.bloc, "row": first.row}
            )
        if row.number is not None and first.number is not None and row.number != first.number:
            errors.append(
                f"{where(row.sheet, row.row, 'number')}: "
                + _("“%(bloc)s” has another number in row %(row)d.") % {"bloc": row.bloc, "row": first.row}
            )
        if agency_key in agency_at:
            other = agency_at[agency_key]
            if match_key(other.bloc) == bloc_key:
                message = _("%(agency)s is listed twice in “%(bloc)s” (also %(where)s).")
            else:
                message = _("%(agency)s is also in “%(bloc)s” (%(where)s): an agency belongs to one bloc a year.")
            errors.append(
                f"{where(row.sheet, row.row, 'agency')}: "
                + message % {"agency": row.agency, "bloc": other.bloc, "where": where(other.sheet, other.row)}
            )
        else:
            agency_at[agency_key] = row
        if row.role == Membership.Role.LEADER:
            if bloc_key in leader_at:
                other = leader_at[bloc_key]
                errors.append(
                    f"{where(row.sheet, row.row, 'role')}: "
                    + _("“%(bloc)s” already has a leader, %(agency)s (%(where)s).")
                    % {"bloc": row.bloc, "agency": other.agency, "where": where(other.sheet, other.row)}
                )
            else:
                leader_at[bloc_key] = row
        elif row.role == Membership.Role.DEPUTY:
            deputies[bloc_key] = deputies.get(bloc_key, 0) + 1
            if deputies[bloc_key] == MAX_DEPUTIES_CEILING + 1:
                errors.append(
                    f"{where(row.sheet, row.row, 'role')}: "
                    + _("“%(bloc)s” has more than %(n)d deputies.") % {"bloc": row.bloc, "n": MAX_DEPUTIES_CEILING}
                )
    return errors


# --- The plan: what an import changes ------------------------------------------------------


@dataclass
class MemberPlan:
    agency_name: str
    role: str
    deputy_slot: int | None
    status: str  # "new", "changed", "unchanged"
    previous_role: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass
class BlocPlan:
    name: str
    bloc: Bloc | None  # None: created by the import
    kind: str
    number: int | None
    max_deputies: int
    members: list[MemberPlan] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # of the bloc itself (kind, number, deputies)

    @property
    def roster_changes(self) -> bool:
        return bool(self.removed) or any(m.status != "unchanged" for m in self.members)


@dataclass
class DivisionPlan:
    province: Province
    year: int
    blocs: list[BlocPlan] = field(default_factory=list)
    new_agencies: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    agency_changes: list[tuple[Agency, str]] = field(default_factory=list)  # (agency, new kind)
    errors: list[str] = field(default_factory=list)

    @property
    def new_blocs(self) -> list[BlocPlan]:
        return [b for b in self.blocs if b.bloc is None]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.new_agencies
            or self.agency_changes
            or any(b.bloc is None or b.changes or b.roster_changes for b in self.blocs)
        )

    @property
    def membership_count(self) -> int:
        return sum(len(b.members) for b in self.blocs)

    def digest(self) -> str:
        """A fingerprint of what the import would do, to check at apply time that nothing
        changed since the preview."""
        payload = {
            "province": self.province.pk,
            "year": self.year,
            "agencies": self.new_agencies,
            "kinds": [(a.pk, kind) for a, kind in self.agency_changes],
            "blocs": [
                (
                    b.name,
                    b.bloc.pk if b.bloc else None,
                    b.kind,
                    b.number,
                    b.max_deputies,
                    [(m.agency_name, m.role, m.deputy_slot, m.status) for m in b.members],
                    b.removed,
                )
                for b in self.blocs
            ],
        }
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def plan_division(*, province: Province, year: int, rows: list[DivisionRow]) -> DivisionPlan:
    """Compare parsed rows with the province's agencies, blocs and rosters of `year`. Reads
    four queries; writes nothing. Errors that need the database (an agency that no longer
    existed that year, two existing agencies with the same name, an agency in a bloc of the
    year that the file does not mention) are collected in `errors`, named by row."""
    plan = DivisionPlan(province=province, year=year)
    agencies_by_key: dict[str, list[Agency]] = {}
    for agency in Agency.objects.filter(province=province).select_related("successor"):
        agencies_by_key.setdefault(match_key(agency.name), []).append(agency)
    blocs_by_key = {match_key(b.name): b for b in Bloc.objects.filter(province=province)}
    current: dict[int, list[Membership]] = {}
    member_of: dict[int, Membership] = {}
    for m in Membership.objects.filter(bloc__province=province, year=year).select_related("agency", "bloc"):
        current.setdefault(m.bloc_id, []).append(m)
        member_of[m.agency_id] = m

    def err(row, column, message):
        plan.errors.append(f"{where(row.sheet, row.row, column)}: {message}")

    by_bloc: dict[str, list[DivisionRow]] = {}
    for row in rows:
        by_bloc.setdefault(match_key(row.bloc), []).append(row)
    file_bloc_ids = {blocs_by_key[k].pk for k in by_bloc if k in blocs_by_key}
    new_agency_keys: set[str] = set()

    for key, bloc_rows in by_bloc.items():
        first = bloc_rows[0]
        bloc = blocs_by_key.get(key)
        kind = next((r.bloc_kind for r in bloc_rows if r.bloc_kind), None)
        number = next((r.number for r in bloc_rows if r.number is not None), None)
        deputy_count = sum(1 for r in bloc_rows if r.role == Membership.Role.DEPUTY)
        bp = BlocPlan(
            name=bloc.name if bloc else first.bloc,
            bloc=bloc,
            kind=kind or (bloc.kind if bloc else Bloc.Kind.KHOI),
            number=number if number is not None else (bloc.number if bloc else None),
            max_deputies=max(deputy_count, bloc.max_deputies if bloc else 1),
        )
        if bloc is not None:
            if bp.kind != bloc.kind:
                bp.changes.append(
                    _("kind: %(old)s → %(new)s") % {"old": bloc.get_kind_display(), "new": Bloc.Kind(bp.kind).label}
                )
            if bp.number != bloc.number:
                bp.changes.append(_("number: %(old)s → %(new)s") % {"old": bloc.number or "—", "new": bp.number})
            if bp.max_deputies != bloc.max_deputies:
                bp.changes.append(
                    _("deputies allowed: %(old)d → %(new)d") % {"old": bloc.max_deputies, "new": bp.max_deputies}
                )
        existing = {m.agency_id: m for m in current.get(bloc.pk, [])} if bloc else {}
        seen_ids = set()
        slot = 0
        for row in bloc_rows:
            agency_key = match_key(row.agency)
            matches = agencies_by_key.get(agency_key, [])
            agency = None
            if len(matches) > 1:
                err(row, "agency", _("The province has several agencies named “%(name)s”.") % {"name": row.agency})
                continue
            if matches:
                agency = matches[0]
                if not agency.is_valid_in_year(year):
                    message = _("%(agency)s did not exist in %(year)s.") % {"agency": agency.name, "year": year}
                    if agency.successor_id:
                        message += " " + _("Its successor is %(successor)s.") % {"successor": agency.successor.name}
                    err(row, "agency", message)
                    continue
                elsewhere = member_of.get(agency.pk)
                if elsewhere is not None and elsewhere.bloc_id not in file_bloc_ids:
                    err(
                        row,
                        "agency",
                        _("%(agency)s is already a member of “%(bloc)s” in %(year)s, a bloc this file does not list.")
                        % {"agency": agency.name, "bloc": elsewhere.bloc.name, "year": year},
                    )
                    continue
                if row.agency_kind and row.agency_kind != agency.kind:
                    plan.agency_changes.append((agency, row.agency_kind))
            elif agency_key not in new_agency_keys:
                new_agency_keys.add(agency_key)
                plan.new_agencies.append((row.agency, row.agency_kind or Agency.Kind.OTHER))
            deputy_slot = None
            if row.role == Membership.Role.DEPUTY:
                slot += 1
                deputy_slot = slot
            before = existing.get(agency.pk) if agency else None
            if before is None:
                status, previous = "new", None
            elif (before.role, before.deputy_slot) == (row.role, deputy_slot):
                status, previous = "unchanged", None
            else:
                status, previous = "changed", before.role
            if agency:
                seen_ids.add(agency.pk)
            bp.members.append(
                MemberPlan(agency.name if agency else row.agency, row.role, deputy_slot, status, previous_role=previous)
            )
        bp.removed = sorted(
            (m.agency.name for agency_id, m in existing.items() if agency_id not in seen_ids), key=vn_sort_key
        )
        plan.blocs.append(bp)
    plan.blocs.sort(key=lambda b: (b.number is None, b.number or 0, vn_sort_key(b.name)))
    return plan


# --- Reading an uploaded or local file ------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # a division of 150 agencies is a few kilobytes


def read_upload(file) -> tuple[str, bytes]:
    """Check an uploaded (or opened) file with the project's upload check (size, extension,
    content) and return its name and bytes; `DivisionInvalid` when refused."""
    from django.core.exceptions import ValidationError

    from blocs.uploads import check_upload

    try:
        check_upload(file, ("xlsx",), max_bytes=MAX_IMPORT_BYTES)
    except ValidationError as exc:
        raise DivisionInvalid(exc.messages) from exc
    file.seek(0)
    return file.name, file.read()
