"""Forms 0602.N/BNV-TĐKT and 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV, laid out as printed.

The award forms are the COLUMNS (column letters A, B, C for the row's title, its code “Mã số”
and its unit “Đơn vị tính”, then 1 = “Tổng số” and the numbered kinds of award, split into
collectives and individuals where the form splits them); the ROWS are breakdowns of the total,
each with the form's own code. Row codes, titles and units are the form's, as a provincial
emulation system renders both forms (the source is named in docs/documents.md).

Our records hold, per award form, the counts of collectives and individuals of the province's
agencies. They say the total, the province's row (a province proposes as “Tỉnh, thành phố
trực thuộc Trung ương”) and the collectives and individuals rows; the other breakdowns
(enterprises, households, individuals by position, awards by kind of commendation) are not
recorded, so those rows are left blank (`FILL_NONE`), never estimated.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from awards.models import AwardForm

G = AwardForm.StatGroup

FILL_ALL = "all"  # collectives and individuals
FILL_COLLECTIVES = "c"
FILL_INDIVIDUALS = "i"
FILL_NONE = ""  # a breakdown our records do not hold: left blank
# A heading row ("1. Chia theo …") has no code and no figures; the ministries' row of a
# province's form is FILL_NONE too (a province is not a ministry).


@dataclass(frozen=True)
class FormRow:
    code: str  # the form's “Mã số”; "" for a heading
    text: str  # translated lazily
    unit: str = ""
    fill: str = FILL_NONE
    mark: str = ""  # the printed marker: "1. " a heading, "- " a breakdown, "+ " a sub-breakdown
    strong: bool = False  # printed bold: the total and the headings

    @property
    def label(self) -> str:
        return f"{self.mark}{self.text}"


@dataclass(frozen=True)
class FormColumn:
    number: str  # the column's number in the numbering row
    title: str
    group: str  # the award forms counted (AwardForm.StatGroup)
    recipients: tuple[str, ...]  # ("c", "i") split; ("c",) or ("i",) one column; () no split


@dataclass(frozen=True)
class Form:
    key: str
    number: str  # "0602.N/BNV-TĐKT"
    title: str
    columns: tuple[FormColumn, ...]
    rows: tuple[FormRow, ...]

    @property
    def groups(self) -> list[str]:
        return [c.group for c in self.columns]

    @property
    def blank_codes(self) -> list[str]:
        return [r.code for r in self.rows if r.code and r.fill == FILL_NONE]


def _p(text):
    return pgettext_lazy("circular 02", text)


def _u(text):
    return pgettext_lazy("circular 02 unit", text)


ITEM, SUB = "- ", "+ "


def _heading(n: int, text) -> FormRow:
    return FormRow("", text, mark=f"{n}. ", strong=True)


def _by_recipient_rows(first: int) -> tuple[FormRow, ...]:
    """The recipients' breakdown, printed alike in both forms from code `first` on."""
    n = [f"{first + i:02d}" for i in range(9)]
    return (
        FormRow(n[0], _p("Collectives"), _u("Collectives"), FILL_COLLECTIVES, ITEM),
        FormRow(n[1], _p("Of which: enterprises"), _u("Enterprises")),
        FormRow(n[2], _p("Households"), _u("Households"), mark=ITEM),
        FormRow(n[3], _p("Individuals"), _u("Persons"), FILL_INDIVIDUALS, ITEM),
        FormRow(n[4], _p("Leaders at ministry or province level and above"), _u("Persons"), mark=SUB),
        FormRow(n[5], _p("Leaders at department level and equivalent"), _u("Persons"), mark=SUB),
        FormRow(n[6], _p("Business people"), _u("Persons"), mark=SUB),
        FormRow(n[7], _p("Other leaders, from deputy head of division up"), _u("Persons"), mark=SUB),
        FormRow(
            n[8],
            _p("Those who work, study, fight or serve in combat directly (workers, farmers…)"),
            _u("Persons"),
            mark=SUB,
        ),
    )


def _by_kind_rows(first: int) -> tuple[FormRow, ...]:
    kinds = [
        _p("Regular"),
        _p("Thematic"),
        _p("Unscheduled"),
        _p("Foreign relations"),
        _p("Contribution"),
        _p("Length of service"),
        _p("Resistance war"),
    ]
    return tuple(FormRow(f"{first + i:02d}", k, mark=ITEM) for i, k in enumerate(kinds))


FORM_0602 = Form(
    key="bieu_0602",
    number="0602.N/BNV-TĐKT",
    title=_p("NUMBER OF STATE-LEVEL AWARDS"),
    columns=(
        FormColumn("2", _p("Orders and medals"), G.STATE_ORDERS, ("c", "i")),
        FormColumn("3", _p("Ho Chi Minh Prize"), G.STATE_HCM_PRIZE, ("i",)),
        FormColumn("4", _p("State Prize"), G.STATE_PRIZE, ("i",)),
        FormColumn("5", _p("State honorary titles"), G.STATE_HONOUR, ("c", "i")),
        FormColumn("6", _p("Government emulation flag"), G.STATE_FLAG, ("c",)),
        FormColumn("7", _p("Prime Minister's certificate of merit"), G.STATE_PM_MERIT, ("c", "i")),
        FormColumn("8", _p("National emulation fighter"), G.STATE_CSTD, ("i",)),
        FormColumn("9", _p("Other forms of commendation"), G.STATE_OTHER, ("c", "i")),
    ),
    rows=(
        FormRow("01", _p("Total"), fill=FILL_ALL, strong=True),
        _heading(1, _p("By the body that submitted the proposal to the Prime Minister")),
        FormRow("02", _p("Ministries, sectors and central organisations"), _u("Ministries"), mark=ITEM),
        FormRow("03", _p("Provinces and centrally-governed cities"), _u("Provinces"), FILL_ALL, ITEM),
        _heading(2, _p("By recipient")),
        *_by_recipient_rows(6),
        _heading(3, _p("By kind of commendation")),
        *_by_kind_rows(15),
    ),
)

FORM_0603 = Form(
    key="bieu_0603",
    number="0603.N/BNV-TĐKT",
    title=_p("NUMBER OF AWARDS OF MINISTRIES, SECTORS, CENTRAL ORGANISATIONS AND PROVINCES"),
    columns=(
        FormColumn("2", _p("Certificate of merit"), G.BANG_KHEN, ()),
        FormColumn("3", _p("Emulation fighter of a ministry or province"), G.CSTD, ()),
        FormColumn("4", _p("Emulation flag of a ministry, sector, central organisation or province"), G.CO_THI_DUA, ()),
        FormColumn(
            "5",
            _p("Badge (commemorative medal) of a ministry, sector, central organisation or province"),
            G.KY_NIEM_CHUONG,
            (),
        ),
    ),
    rows=(
        FormRow("01", _p("Total"), fill=FILL_ALL, strong=True),
        _heading(1, _p("By recipient")),
        *_by_recipient_rows(2),
        _heading(2, _p("By kind of commendation")),
        *_by_kind_rows(11),
    ),
)

FORMS = (FORM_0602, FORM_0603)
STATE_GROUPS = FORM_0602.groups
PROVINCE_GROUPS = FORM_0603.groups


# --- the figures ---------------------------------------------------------------------------


@dataclass
class FormLine:
    """One printed row: its code, title and unit, then the figures of column 1 (“Tổng số”) and
    of every numbered sub-column, in order; None where the form leaves the cell blank."""

    code: str
    label: str
    unit: str
    values: list
    strong: bool = False


def _cell(fill: str, recipient: str, c: int, i: int):
    """A row's figure in a column for `recipient` ("c", "i", or "" for a column that takes
    both): the total row counts what the column takes; a collectives (individuals) row leaves
    the individuals' (collectives') column blank."""
    if fill == FILL_ALL:
        return {"c": c, "i": i, "": c + i}[recipient]
    if recipient in ("", fill):
        return c if fill == FILL_COLLECTIVES else i
    return None


def form_lines(form: Form, sums: dict[str, tuple[int, int]], known: set[str]) -> list[FormLine]:
    """The printed rows of `form` from the counts per statistics group (`sums`: group →
    (collectives, individuals)). A column whose group holds no award form of the catalogue
    (`known`) cannot be counted and stays blank."""
    lines = []
    for row in form.rows:
        values = []
        if row.code and row.fill != FILL_NONE:
            total_c = sum(sums.get(g, (0, 0))[0] for g in form.groups)
            total_i = sum(sums.get(g, (0, 0))[1] for g in form.groups)
            values.append(_cell(row.fill, "", total_c, total_i))
            for col in form.columns:
                c, i = sums.get(col.group, (0, 0))
                for recipient in col.recipients or ("",):
                    # A single column takes both (a prize to a collective of authors still counts).
                    who = "" if len(col.recipients) == 1 and row.fill == FILL_ALL else recipient
                    values.append(_cell(row.fill, who, c, i) if col.group in known else None)
        else:
            values = [None] * (1 + sum(len(c.recipients) or 1 for c in form.columns))
        lines.append(FormLine(row.code, row.label, str(row.unit), values, row.strong))
    return lines


def code_list(codes: list[str]) -> str:
    """Row codes in words: three or more consecutive codes as a range ("07, 08, 10–21")."""
    runs: list[list[int]] = []
    for n in sorted(int(c) for c in codes):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]:02d}–{run[-1]:02d}")
        else:
            parts.extend(f"{n:02d}" for n in run)
    return ", ".join(parts)


MINISTRIES_ROW = "02"  # form 0602.N's row of the ministries: a province's form leaves it blank


def blank_columns(known: set[str]) -> list[tuple[Form, FormColumn]]:
    """The columns no award form of the catalogue is counted in (left blank)."""
    return [(form, col) for form in FORMS for col in form.columns if col.group not in known]
