"""The ranking as a document: a renderer of `selectors.ranking_for_table` rows, so the page,
the exports and the annual report can never disagree. Drawn by the shared writers of
`conferences.exporters` (.xlsx and .docx)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from blocs.models import Membership
from conferences.exporters import Column, Exporter, Header, Signature, Table
from scoring.models import ScoringTable
from scoring.selectors import TIE_BREAK_RULE


class RankingExporter(Exporter):
    identifier = "ranking"

    def __init__(self, table: ScoringTable, rows, *, with_votes: bool = False):
        super().__init__()
        self.table = table
        bloc = table.bloc
        state = pgettext("score sheet", "Finalised") if table.is_finalised else _("Not finalised yet")
        self.header = Header(
            issuer_parent=pgettext("report", "Emulation and Commendation Council of %(province)s province")
            % {"province": bloc.province.name},
            issuer=bloc.name,
            number="",
            place=bloc.province.name,
            date=table.finalised_at.date() if table.finalised_at else None,
            title=_("Emulation scoring results %(year)s") % {"year": table.year},
            subtitle=bloc.name,
        )
        roles = dict(Membership.Role.choices)
        columns = [
            Column((_("Rank"),), numeric=False, width=7),
            Column((_("Agency"),), numeric=False, width=45),
            Column((_("Role"),), numeric=False, width=16),
            Column((_("Self-score"),), width=12),
            Column((_("Criteria points"),), width=14),
            Column((_("Bonus"),), width=12),
            Column((_("Penalty"),), width=12),
            Column((_("Total points"),), width=12),
        ]
        if with_votes:
            columns.append(Column((_("Annual vote"),), numeric=False, width=40))
        body = []
        for row in rows:
            values = [
                row.rank if row.rank is not None else row.rank_label,
                row.agency.name,
                str(roles.get(row.role, "")),
                row.self_total,
                row.criteria_total,
                row.bonus,
                row.penalty,
                row.total,
            ]
            if with_votes:
                values.append(
                    "; ".join(
                        v.label + (f" ({v.votes})" if v.votes is not None else "") + (" ✓" if v.won else "")
                        for v in row.votes
                    )
                )
            body.append(values)
        s = self.section("", key="ranking")
        s.add(f"{table.get_method_display()} · {state}", "note")
        s.blocks.append(Table(key="ranking", title=_("Ranking"), sheet=_("Ranking"), columns=columns, rows=body))
        s.add(str(TIE_BREAK_RULE), "note")
        self.signatures = [Signature(lines=[pgettext("report", "On behalf of the emulation bloc\nLeader agency")])]
        self.signatures[0].lines = self.signatures[0].lines[0].splitlines()

    def file_words(self):
        return [_("Emulation ranking"), self.table.year, self.table.bloc.name]
