"""The ranking as a spreadsheet: a renderer of `selectors.ranking_for_table` rows, so the page,
the export and the annual report can never disagree. Every string cell goes through
`awards.spreadsheets.write_cell` (inert against formula injection)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from awards.spreadsheets import CENTER, FONT_BOLD, FONT_TITLE, WRAP, write_cell
from blocs.models import Membership
from scoring.models import ScoringTable
from scoring.selectors import TIE_BREAK_RULE

POINTS_FORMAT = "0.00"


def ranking_workbook(table: ScoringTable, rows, *, with_votes: bool = False) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ranking")[:31]
    title = _("Emulation scoring results %(year)s — %(bloc)s") % {"year": table.year, "bloc": table.bloc.name}
    write_cell(ws, 1, 1, title, font=FONT_TITLE, border=False)
    state = pgettext("score sheet", "Finalised") if table.is_finalised else _("Not finalised yet")
    write_cell(ws, 2, 1, f"{table.get_method_display()} · {state}", border=False)
    headers = [
        _("Rank"),
        _("Agency"),
        _("Role"),
        _("Self-score"),
        _("Criteria points"),
        _("Bonus"),
        _("Penalty"),
        _("Total points"),
    ]
    if with_votes:
        headers.append(_("Annual vote"))
    for col, header in enumerate(headers, start=1):
        write_cell(ws, 4, col, header, font=FONT_BOLD, alignment=CENTER)
    roles = dict(Membership.Role.choices)
    r = 4
    for row in rows:
        r += 1
        write_cell(ws, r, 1, row.rank if row.rank is not None else row.rank_label, alignment=CENTER)
        write_cell(ws, r, 2, row.agency.name, alignment=WRAP)
        write_cell(ws, r, 3, str(roles.get(row.role, "")))
        write_cell(ws, r, 4, row.self_total, number_format=POINTS_FORMAT)
        write_cell(ws, r, 5, row.criteria_total, number_format=POINTS_FORMAT)
        write_cell(ws, r, 6, row.bonus, number_format=POINTS_FORMAT)
        write_cell(ws, r, 7, row.penalty, number_format=POINTS_FORMAT)
        write_cell(ws, r, 8, row.total, number_format=POINTS_FORMAT, font=FONT_BOLD)
        if with_votes:
            text = "; ".join(
                v.label + (f" ({v.votes})" if v.votes is not None else "") + (" ✓" if v.won else "") for v in row.votes
            )
            write_cell(ws, r, 9, text, alignment=WRAP)
    write_cell(ws, r + 2, 1, str(TIE_BREAK_RULE), border=False)
    for col, width in zip("ABCDEFGHI", (7, 45, 16, 12, 14, 12, 12, 12, 40), strict=True):
        ws.column_dimensions[col].width = width
    return wb
