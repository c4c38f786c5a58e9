"""The Excel round trip of an agency's figures (openpyxl): a pre-filled template to download, and
the checks that an uploaded file must pass before its rows reach `services.save_submission`.

An upload is refused as a whole, with every problem listed by sheet, row and column, when it is
not a plain .xlsx (wrong type, macros, corrupt, too big, a zip bomb), was made for another
agency or period, or has a bad cell (text or a negative number in a count, an unknown form...).
"""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from awards import services
from awards.models import MAX_COUNT, MAX_ROWS, AwardForm, AwardLevel, AwardRecord, ReportingPeriod, bloc_total_label
from awards.spreadsheets import CENTER, FONT_BOLD, FONT_TITLE, WRAP, set_value, write_cell
from blocs.forms import parse_whole_number
from blocs.models import Agency, Bloc, Movement
from blocs.spreadsheets import MACRO_EXTENSIONS, WorkbookRefused, open_xlsx, unquote
from blocs.text import match_key, normalize_multiline, normalize_text

TEMPLATE_MARK = "thidua-award-counts-v1"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",  # what some browsers send when they do not know the type
    "application/zip",
    "application/x-zip-compressed",
}

DATA_SHEET_KEY, LISTS_SHEET_KEY, HELP_SHEET_KEY, META_SHEET = "data", "lists", "help", "_meta"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
# (field, header, width); positions are fixed: the parser reads by column, not by header text.
COLUMNS = [
    ("form", "Award form", 48),
    ("authority", "Granting authority", 36),
    ("status", "Status", 14),
    ("collectives", "Collectives", 12),
    ("individuals", "Individuals", 12),
    ("decision_number", "Decision number", 18),
    ("decision_date", "Decision date (dd/mm/yyyy)", 16),
    ("movement_name", "Emulation movement", 36),
    ("note", "Note", 30),
]
COLUMN_OF = {name: i for i, (name, _header, _width) in enumerate(COLUMNS, start=1)}


def _sheet_names() -> dict[str, str]:
    # Sheet names are shown to users, so translated; the template records the data sheet's title in
    # its metadata and the parser finds the sheet by that title (`_data_sheet`).
    return {DATA_SHEET_KEY: _("Figures"), LISTS_SHEET_KEY: _("Lists"), HELP_SHEET_KEY: _("Instructions")}


def _headers() -> list[str]:
    labels = {
        "form": _("Award form"),
        "authority": _("Granting authority"),
        "status": _("Status"),
        "collectives": _("Collectives"),
        "individuals": _("Individuals"),
        "decision_number": _("Decision number"),
        "decision_date": _("Decision date (dd/mm/yyyy)"),
        "movement_name": _("Emulation movement"),
        "note": _("Note"),
    }
    return [labels[name] for name, _header, _width in COLUMNS]


def status_labels() -> dict[str, str]:
    """Status labels in every language of the site (a template may be filled in either)."""
    labels = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.update({str(label): value for value, label in AwardRecord.Status.choices})
    return labels


# --- Download --------------------------------------------------------------------------------


def _owner(agency: Agency | None, bloc: Bloc | None) -> tuple[str, int, str]:
    """(metadata key, id, label) of whose figures a template holds: an agency, or a bloc's own
    totals ("Toàn khối")."""
    if bloc is not None:
        return "bloc", bloc.id, bloc_total_label(bloc)
    return "agency", agency.id, agency.name


def build_template(
    *,
    agency: Agency | None = None,
    bloc: Bloc | None = None,
    period: ReportingPeriod,
    version: int,
    records: list[AwardRecord],
    forms_list: list[AwardForm],
    authorities: list[str],
    movements: list[Movement],
) -> bytes:
    """The template for (agency, period), pre-filled with `records`: a data sheet with drop-down
    lists and protected headers, a lists sheet, Vietnamese instructions, and a very hidden
    metadata sheet naming the agency, period and version it was made for."""
    owner_key, owner_id, owner_label = _owner(agency, bloc)
    names = _sheet_names()
    wb = Workbook()
    ws = wb.active
    ws.title = names[DATA_SHEET_KEY]
    lists = wb.create_sheet(names[LISTS_SHEET_KEY])
    help_ws = wb.create_sheet(names[HELP_SHEET_KEY])
    meta = wb.create_sheet(META_SHEET)

    # Lists: forms (name, code, level), authorities, movements.
    level_labels = dict(AwardLevel.choices)
    for col, header in enumerate([_("Award form"), _("Code"), _("Level"), "", _("Granting authority")], start=1):
        if header:
            write_cell(lists, 1, col, header, font=FONT_BOLD, alignment=CENTER)
    for i, f in enumerate(forms_list, start=2):
        write_cell(lists, i, 1, f.name)
        write_cell(lists, i, 2, f.code)
        write_cell(lists, i, 3, str(level_labels[f.level]))
    for i, name in enumerate(authorities, start=2):
        write_cell(lists, i, 5, name)
    write_cell(lists, 1, 7, _("Emulation movement"), font=FONT_BOLD, alignment=CENTER)
    for i, m in enumerate(movements, start=2):
        write_cell(lists, i, 7, m.name)
    for col, width in ((1, 60), (2, 26), (3, 28), (5, 45), (7, 50)):
        lists.column_dimensions[get_column_letter(col)].width = width
    lists.protection.sheet = True

    # Data sheet: title, identification, headers, rows.
    write_cell(ws, 1, 1, _("AWARD FIGURES"), font=FONT_TITLE, border=False)
    write_cell(ws, 2, 1, _("Agency: %(agency)s") % {"agency": owner_label}, border=False)
    write_cell(
        ws,
        3,
        1,
        _("Period: %(period)s (%(province)s), data from %(start)s to %(end)s, deadline %(deadline)s")
        % {
            "period": period,
            "province": period.province.name,
            "start": date_format(period.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(period.end_date, "SHORT_DATE_FORMAT"),
            "deadline": date_format(period.deadline, "SHORT_DATE_FORMAT"),
        },
        border=False,
    )
    for col, header in enumerate(_headers(), start=1):
        write_cell(ws, HEADER_ROW, col, header, font=FONT_BOLD, alignment=CENTER)
    for col, (_name, _header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)

    statuses = {value: str(label) for value, label in AwardRecord.Status.choices}
    for r, rec in enumerate(records, start=FIRST_ROW):
        values = {
            "form": rec.form.name,
            "authority": rec.authority,
            "status": statuses[rec.status],
            "collectives": rec.collectives,
            "individuals": rec.individuals,
            "decision_number": rec.decision_number,
            "decision_date": rec.decision_date,
            "movement_name": rec.movement.name if rec.movement_id else rec.movement_name,
            "note": rec.note,
        }
        for name, col in COLUMN_OF.items():
            write_cell(ws, r, col, values[name])
    last = FIRST_ROW + MAX_ROWS - 1
    unlocked = Protection(locked=False)  # one object for the 4,500 cells: building each cost 35 ms
    formats = {COLUMN_OF["decision_date"]: "DD/MM/YYYY", COLUMN_OF["collectives"]: "0", COLUMN_OF["individuals"]: "0"}
    for r in range(FIRST_ROW, last + 1):
        for col in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=r, column=col)
            cell.protection = unlocked
            if col in formats:
                cell.number_format = formats[col]
    lists_name = names[LISTS_SHEET_KEY]

    def column_range(col):
        return f"{get_column_letter(col)}{FIRST_ROW}:{get_column_letter(col)}{last}"

    form_list = DataValidation(
        type="list", formula1=f"'{lists_name}'!$A$2:$A${max(len(forms_list) + 1, 2)}", allow_blank=True
    )
    form_list.showErrorMessage = True
    form_list.error = _("Choose an award form from the list.")
    form_list.errorTitle = _("Unknown award form")
    authority_list = DataValidation(
        type="list", formula1=f"'{lists_name}'!$E$2:$E${max(len(authorities) + 1, 2)}", allow_blank=True
    )
    authority_list.showErrorMessage = False  # a suggestion list: other authorities may be typed in
    status_list = DataValidation(type="list", formula1='"{}"'.format(",".join(statuses.values())), allow_blank=True)
    status_list.showErrorMessage = True
    status_list.error = _("Choose granted or proposed.")
    counts = DataValidation(type="whole", operator="between", formula1="0", formula2=str(MAX_COUNT), allow_blank=True)
    counts.showErrorMessage = True
    counts.error = _("Enter a whole number from 0 to 1,000,000.")
    counts.errorTitle = _("Not a valid count")
    for dv, cols in (
        (form_list, ["form"]),
        (authority_list, ["authority"]),
        (status_list, ["status"]),
        (counts, ["collectives", "individuals"]),
    ):
        ws.add_data_validation(dv)
        for name in cols:
            dv.add(column_range(COLUMN_OF[name]))
    if movements:
        movement_list = DataValidation(
            type="list", formula1=f"'{lists_name}'!$G$2:$G${len(movements) + 1}", allow_blank=True
        )
        movement_list.showErrorMessage = False
        ws.add_data_validation(movement_list)
        movement_list.add(column_range(COLUMN_OF["movement_name"]))
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    # Instructions.
    help_ws.column_dimensions["A"].width = 110
    lines = [
        (_("HOW TO FILL IN THIS TEMPLATE"), FONT_TITLE),
        (
            _("1. One row per award form, granting authority and status, from row %(row)d of the sheet “%(sheet)s”.")
            % {"row": FIRST_ROW, "sheet": names[DATA_SHEET_KEY]},
            None,
        ),
        (
            _(
                "2. Award form: choose from the drop-down list "
                "(the sheet “%(sheet)s” lists every form with its level). "
                "If the source does not say which form, choose “form and level not stated”."
            )
            % {"sheet": lists_name},
            None,
        ),
        (
            _(
                "3. Granting authority: choose from the list or type it as written in the decision "
                "(e.g. Chủ tịch UBND tỉnh, Bộ trưởng Bộ Tư pháp)."
            ),
            None,
        ),
        (_("4. Status: “Granted” for awards already decided, “Proposed” for proposals sent upward."), None),
        (
            _(
                "5. Collectives and individuals: whole numbers from 0 to 1,000,000, at least one greater than 0; "
                "only where the form is given to that kind of recipient."
            ),
            None,
        ),
        (
            _("6. Decision date: dd/mm/yyyy, within the period (%(start)s – %(end)s).")
            % {
                "start": date_format(period.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(period.end_date, "SHORT_DATE_FORMAT"),
            },
            None,
        ),
        (
            _(
                "7. The file replaces all the figures of your agency for this period: keep the rows already "
                "filled in unless you mean to delete them."
            ),
            None,
        ),
        (
            _(
                "8. Do not rename the sheets or upload this file for another agency or period: it is refused. "
                "Save as .xlsx (not .xlsm), at most 5 MB."
            ),
            None,
        ),
        (
            _("9. If the upload is refused, nothing is saved; the page lists every error by sheet, row and column."),
            None,
        ),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        cell = set_value(help_ws.cell(row=r, column=1), text)
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
    help_ws.protection.sheet = True

    # Metadata: which agency, period and version the template was made for.
    for r, (key, value) in enumerate(
        [
            ("mark", TEMPLATE_MARK),
            (owner_key, owner_id),
            ("period", period.id),
            ("version", version),
            ("data_sheet", ws.title),
            ("sheets", "\n".join(wb.sheetnames)),
        ],
        start=1,
    ):
        meta.cell(row=r, column=1, value=key)
        meta.cell(row=r, column=2, value=value)
    meta.protection.sheet = True
    meta.sheet_state = "veryHidden"

    ws.cell(row=1, column=1).alignment = Alignment(vertical="center")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Upload ----------------------------------------------------------------------------------


class UploadInvalid(Exception):
    """The file is refused; `errors` lists every reason, in the user's language."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ParsedUpload:
    rows: list[services.RecordRow]
    version: int


def open_workbook(name: str, content_type: str | None, data: bytes, *, read_only: bool = False):
    """An uploaded .xlsx opened safely (no macros, no zip bomb, at most 5 MB), or `UploadInvalid`
    with the reason in Vietnamese. Shared by every .xlsx upload of the application."""
    lower = (name or "").lower()
    if lower.endswith(MACRO_EXTENSIONS):
        raise UploadInvalid([_("Macro-enabled workbooks are not accepted: save the file as .xlsx.")])
    if not lower.endswith(".xlsx"):
        raise UploadInvalid([_("Upload an Excel file with the .xlsx extension.")])
    if content_type is not None and content_type.split(";")[0].strip().lower() not in ALLOWED_CONTENT_TYPES:
        raise UploadInvalid([_("The file is not an Excel workbook (type %(type)s).") % {"type": content_type}])
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadInvalid([_("The file is larger than 5 MB.")])
    try:
        return open_xlsx(data, name=name, read_only=read_only)
    except WorkbookRefused as exc:
        raise UploadInvalid([str(exc)]) from exc


def _check_meta(wb, agency: Agency | None, period: ReportingPeriod, bloc: Bloc | None = None) -> tuple[int, str]:
    """The template's version and the title of its data sheet (checked against the workbook)."""
    if META_SHEET not in wb.sheetnames:
        raise UploadInvalid([_("This is not the template downloaded from this application.")])
    # One pass over its first rows: in read-only mode each `cell()` reads the sheet again.
    values = {row[0]: row[1] for row in wb[META_SHEET].iter_rows(max_row=6, max_col=2, values_only=True)}
    if values.get("mark") != TEMPLATE_MARK:
        raise UploadInvalid([_("This is not the template downloaded from this application.")])
    owner_key, owner_id, owner_label = _owner(agency, bloc)
    try:
        period_id, version = int(values["period"]), int(values["version"])
    except (KeyError, TypeError, ValueError) as exc:
        raise UploadInvalid([_("This is not the template downloaded from this application.")]) from exc
    try:
        made_for = int(values[owner_key])
    except (KeyError, TypeError, ValueError):  # a template of an agency uploaded for a bloc, or the reverse
        made_for = None
    if made_for != owner_id:
        raise UploadInvalid(
            [
                _("This template was made for another agency: download the template of %(agency)s.")
                % {"agency": owner_label}
            ]
        )
    if period_id != period.id:
        raise UploadInvalid(
            [_("This template was made for another period: download the template of %(period)s.") % {"period": period}]
        )
    return version, _data_sheet(wb, values)


def _data_sheet(wb, meta: dict) -> str:
    """The sheet holding the figures, found by the title the template recorded (never by position:
    a sheet inserted before it must not be read instead). Sheets the template did not have are
    refused, so that nothing typed on them is silently ignored."""
    title = meta.get("data_sheet")
    known = set(str(meta.get("sheets") or "").split("\n")) | {META_SHEET}
    if not title:  # a template made before the title was recorded: its sheets, in either language
        with translation.override("en"):
            english = {str(name) for name in _sheet_names().values()}
        with translation.override("vi"):
            vietnamese = {str(name) for name in _sheet_names().values()}
        data_titles = {str(_sheet_names()[DATA_SHEET_KEY]), "Figures", "Số liệu"}
        title = next((t for t in wb.sheetnames if t in data_titles), None)
        known = english | vietnamese | {META_SHEET}
    if not title or title not in wb.sheetnames:
        raise UploadInvalid(
            [
                _("The sheet “%(sheet)s” of the template is missing: do not rename or delete it.")
                % {"sheet": title or _("Figures")}
            ]
        )
    extra = [t for t in wb.sheetnames if t not in known]
    if extra:
        raise UploadInvalid(
            [
                _(
                    "The workbook has sheets that are not part of the template: %(sheets)s. Copy the figures into "
                    "the sheet “%(data)s”, remove the other sheets and upload again."
                )
                % {"sheets": ", ".join(f"“{t}”" for t in extra), "data": title}
            ]
        )
    return title


_PLAIN_VALUES = (int, float, bool, datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


def _may_be_formula(value) -> bool:
    """A formula reads as text starting with "=" (the workbook is opened with its formulas) or,
    for array and data-table formulas, as an object of openpyxl's; text typed with a leading
    apostrophe also starts with "=" (`_quote_prefixed` tells them apart)."""
    if isinstance(value, str):
        return value.startswith("=")
    return value is not None and not isinstance(value, _PLAIN_VALUES)


def _quote_prefixed(cell) -> bool:
    """Whether a cell is marked as text typed with a leading apostrophe (read-only cells keep
    it in their style array; an empty padding cell has no style)."""
    style = getattr(cell, "style_array", None)
    return bool(style is not None and style.quotePrefix)


def _text(value, *, multiline: bool = False) -> str:
    """A cell's text in the canonical form every stored name and key has (`blocs.text`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return (normalize_multiline if multiline else normalize_text)(unquote(str(value)))


def parse_upload(
    *,
    name: str,
    content_type: str | None,
    data: bytes,
    agency: Agency | None = None,
    bloc: Bloc | None = None,
    period: ReportingPeriod,
    forms_list: list[AwardForm],
    movements: list[Movement],
) -> ParsedUpload:
    """Read and check an uploaded template. Raises `UploadInvalid` listing every error by sheet,
    row and column; returns the rows (for `services.save_submission`) and the template's version."""
    # Read-only: only the meta and data sheets are parsed (not the lists of forms, authorities
    # and movements), each row once. A damaged sheet fails while it is read: the same refusal.
    wb = open_workbook(name, content_type, data, read_only=True)
    try:
        version, data_title = _check_meta(wb, agency, period, bloc)
        ws = wb[data_title]
        last_column = max(COLUMN_OF.values())
        value_rows = list(ws.iter_rows(min_row=FIRST_ROW, max_col=last_column, values_only=True))
        # Only a value starting with "=" (or a formula object) can be a formula, or text typed
        # with a leading apostrophe: the cells' styles tell which, so only then is the sheet
        # read again as cells (values alone are a fifth cheaper to read).
        cell_rows = None
        if any(_may_be_formula(v) for row in value_rows for v in row):
            cell_rows = list(ws.iter_rows(min_row=FIRST_ROW, max_col=last_column))
    except UploadInvalid:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet; all mean the same here
        raise UploadInvalid([_("The file is damaged or is not an Excel .xlsx workbook.")]) from exc
    finally:
        wb.close()
    sheet = ws.title
    headers = _headers()
    by_name = {match_key(f.name): f for f in forms_list}
    by_code = {match_key(f.code): f for f in forms_list}
    statuses = {match_key(k): v for k, v in status_labels().items()}
    statuses.update({v: v for v in AwardRecord.Status.values})
    movement_by_name = {match_key(m.name): m for m in movements}

    errors: list[tuple[int, int, str]] = []  # (row, column, message): listed in sheet order
    rows: list[services.RecordRow] = []
    row_numbers: list[int] = []

    def where(r: int, field: str | None) -> str:
        if field is None or field not in COLUMN_OF:
            return _("Sheet “%(sheet)s”, row %(row)d") % {"sheet": sheet, "row": r}
        col = COLUMN_OF[field]
        return _("Sheet “%(sheet)s”, row %(row)d, column %(col)s (%(header)s)") % {
            "sheet": sheet,
            "row": r,
            "col": get_column_letter(col),
            "header": headers[col - 1],
        }

    def err(r, field, message):
        errors.append((r, COLUMN_OF.get(field, 0), f"{where(r, field)}: {message}"))

    for i, value_row in enumerate(value_rows):
        r = FIRST_ROW + i
        values = {name: value_row[col - 1] for name, col in COLUMN_OF.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        if r > FIRST_ROW + MAX_ROWS - 1:
            raise UploadInvalid(
                [_("The sheet “%(sheet)s” has more than %(n)d rows of figures.") % {"sheet": sheet, "n": MAX_ROWS}]
            )
        before = len(errors)
        for name, value in values.items():
            # A text cell marked quote-prefix is text the user (or our template) meant as text.
            if _may_be_formula(value) and not (
                isinstance(value, str) and _quote_prefixed(cell_rows[i][COLUMN_OF[name] - 1])
            ):
                err(r, name, _("Formulas are not accepted; type the value."))
        if len(errors) > before:
            continue

        form_text = _text(values["form"])
        form = by_name.get(match_key(form_text)) or by_code.get(match_key(form_text))
        if not form_text:
            err(r, "form", _("Choose an award form."))
        elif form is None:
            err(r, "form", _("Unknown award form “%(value)s”: choose one from the list.") % {"value": form_text})

        status_text = _text(values["status"])
        status = statuses.get(match_key(status_text)) if status_text else AwardRecord.Status.GRANTED
        if status is None:
            err(r, "status", _("Unknown status “%(value)s”: write Granted or Proposed.") % {"value": status_text})

        counts = {}
        for name in ("collectives", "individuals"):
            value = values[name]
            if value is None or (isinstance(value, str) and not value.strip()):
                counts[name] = 0
            elif isinstance(value, bool):
                err(r, name, _("Enter a whole number, not text."))
            elif isinstance(value, int | float):
                if isinstance(value, float) and not value.is_integer():
                    err(r, name, _("Enter a whole number."))
                elif value < 0:
                    err(r, name, _("A count cannot be negative."))
                elif value > MAX_COUNT:
                    err(r, name, _("A count cannot exceed 1,000,000."))
                else:
                    counts[name] = int(value)
            elif isinstance(value, str) and (number := parse_whole_number(value)) is not None:
                if number < 0:
                    err(r, name, _("A count cannot be negative."))
                elif number > MAX_COUNT:
                    err(r, name, _("A count cannot exceed 1,000,000."))
                else:
                    counts[name] = number
            else:
                err(r, name, _("Enter a whole number, not text (“%(value)s”).") % {"value": _text(value)})

        decision_date = None
        raw_date = values["decision_date"]
        if isinstance(raw_date, datetime.datetime):
            decision_date = raw_date.date()
        elif isinstance(raw_date, datetime.date):
            decision_date = raw_date
        elif raw_date not in (None, ""):
            try:
                decision_date = datetime.datetime.strptime(_text(raw_date), "%d/%m/%Y").date()
            except ValueError:
                err(r, "decision_date", _("Write the date as dd/mm/yyyy."))

        if len(errors) > before:
            continue
        movement_text = _text(values["movement_name"])
        movement = movement_by_name.get(match_key(movement_text)) if movement_text else None
        rows.append(
            services.RecordRow(
                form=form,
                authority=_text(values["authority"]),
                status=status,
                collectives=counts["collectives"],
                individuals=counts["individuals"],
                decision_number=_text(values["decision_number"]),
                decision_date=decision_date,
                movement=movement,
                movement_name="" if movement else movement_text,
                note=_text(values["note"], multiline=True),
            )
        )
        row_numbers.append(r)

    # The rules are checked on every row that could be read, even when other rows had cell
    # errors, so that one upload lists every error of every kind.
    for e in services.check_rows(period=period, rows=rows, row_numbers=row_numbers):
        err(row_numbers[e.index], e.field, e.message)
    if errors:
        raise UploadInvalid([message for _r, _c, message in sorted(errors, key=lambda e: (e[0], e[1]))])
    return ParsedUpload(rows=rows, version=version)


def template_filename(agency: Agency | None, period: ReportingPeriod, bloc: Bloc | None = None) -> str:
    if bloc is not None:
        return f"so-lieu-khen-thuong-{period.year}-{period.kind}-toan-khoi-{bloc.id}.xlsx"
    return f"so-lieu-khen-thuong-{period.year}-{period.kind}-{agency.id}.xlsx"
