"""A renderer-neutral table: the one shape every report is turned into before it is drawn.

Selectors compute rows and totals; the functions at the bottom of this module lay those rows
out as `Table`s (columns with grouped headers, body rows, a total row). The HTML template, the
xlsx writer and the docx writer all draw the same `Table` objects, so the three formats cannot
disagree on a number.
"""

from dataclasses import dataclass, field

from django.utils.translation import pgettext

from awards.models import AwardLevel
from reports.selectors import LEVELS, STATUSES, TOTAL, key


@dataclass(frozen=True)
class Column:
    """One column; `path` runs from the outermost group header down to the column's own label,
    e.g. ("Được tặng", "Cấp Nhà nước", "Tập thể")."""

    path: tuple[str, ...]
    numeric: bool = True
    width: int = 9  # characters, for the xlsx column width


@dataclass(frozen=True)
class HeaderCell:
    label: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    key: str  # short ASCII name: the xlsx sheet name and the HTML id
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str = ""

    @property
    def depth(self) -> int:
        return max(len(c.path) for c in self.columns)

    def header_cells(self) -> list[HeaderCell]:
        """The merged header cells, row by row: consecutive columns sharing a group label at a
        depth are merged across; a column whose path is shorter than the deepest one is merged
        down to the last header row."""
        depth = self.depth
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
        """The numeric cells of every body row and of the total row, in order; the
        three-formats test compares these."""
        out = [[v for v, c in zip(row, self.columns, strict=True) if c.numeric] for row in self.rows]
        if self.total is not None:
            out.append([v for v, c in zip(self.total, self.columns, strict=True) if c.numeric])
        return out


# --- layouts: selector results → tables ------------------------------------------------------


def _labels():
    """Column and row labels, translated in the active language when a table is laid out."""
    return {
        "no": pgettext("report", "No."),
        "agency": pgettext("report", "Agency"),
        "c": pgettext("report", "Collectives"),
        "i": pgettext("report", "Individuals"),
        "granted": pgettext("report", "Awards granted"),
        "proposed": pgettext("report", "Awards proposed"),
        AwardLevel.STATE: pgettext("report", "State level"),
        AwardLevel.MINISTRY_PROVINCE: pgettext("report", "Ministry, sector, province level"),
        AwardLevel.UNIT: pgettext("report", "Unit level"),
        AwardLevel.UNSTATED: pgettext("report", "Level not stated"),
        TOTAL: pgettext("report", "Total"),
        "grand_total": pgettext("report", "Total"),
    }


def _count_columns(statuses, levels, labels) -> list[Column]:
    return [
        Column((labels[status], labels[level], labels[r]), width=8)
        for status in statuses
        for level in levels
        for r in ("c", "i")
    ]


def _count_values(counts: dict, statuses, levels) -> list[int]:
    return [counts[key(status, level, r)] for status in statuses for level in levels for r in ("c", "i")]


def bloc_report_tables(report) -> list[Table]:
    """The bloc report's tables, in the order every format shows them."""
    labels = _labels()
    statuses = report.statuses
    levels = [*LEVELS, TOTAL]
    tables = []

    roles = {
        "leader": pgettext("report", "Leader"),
        "deputy": pgettext("report", "Deputy"),
        "member": pgettext("report", "Member"),
    }
    states = {
        None: pgettext("report", "Not submitted"),
        "draft": pgettext("report", "Draft (not submitted)"),
        "returned": pgettext("report", "Returned for correction"),
        "submitted": pgettext("report", "Submitted"),
        "accepted": pgettext("report", "Accepted"),
    }
    tables.append(
        Table(
            key="members",
            title=pgettext("report", "Member agencies and their reports"),
            columns=[
                Column((labels["no"],), numeric=False, width=5),
                Column((labels["agency"],), numeric=False, width=40),
                Column((pgettext("report", "Role"),), numeric=False, width=14),
                Column((pgettext("report", "Report for the period"),), numeric=False, width=24),
            ],
            rows=[
                [n, m.name, roles[m.role], states.get(m.submission_state, m.submission_state)]
                for n, m in enumerate(report.members, start=1)
            ],
        )
    )

    tables.append(
        Table(
            key="by_agency",
            title=pgettext("report", "Awards by member agency"),
            columns=[
                Column((labels["no"],), numeric=False, width=5),
                Column((labels["agency"],), numeric=False, width=36),
                *_count_columns(statuses, levels, labels),
            ],
            rows=[
                [n, m.name, *_count_values(m.counts, statuses, levels)] for n, m in enumerate(report.members, start=1)
            ],
            total=["", labels["grand_total"], *_count_values(report.totals, statuses, levels)],
        )
    )

    tables.append(
        Table(
            key="by_form",
            title=pgettext("report", "Awards by form"),
            columns=[
                Column((labels["no"],), numeric=False, width=5),
                Column((pgettext("report", "Form of award"),), numeric=False, width=40),
                Column((pgettext("report", "Level"),), numeric=False, width=18),
                *[Column((labels[s], labels[r]), width=10) for s in statuses for r in ("c", "i")],
            ],
            rows=[
                [n, f.name, labels[f.level], *[f.counts[key(s, TOTAL, r)] for s in statuses for r in ("c", "i")]]
                for n, f in enumerate(report.by_form, start=1)
            ],
            total=[
                "",
                labels["grand_total"],
                "",
                *[report.by_form_totals[key(s, TOTAL, r)] for s in statuses for r in ("c", "i")],
            ],
        )
    )

    by_pair = {(c.status, c.level, c.recipient): c for c in report.comparison}
    this_year, last_year = str(report.year), str(report.year - 1)
    comparison_rows = []
    for s in statuses:
        for level in levels:
            cells = [by_pair[(s, level, r)] for r in ("c", "i")]
            comparison_rows.append(
                [
                    labels[s],
                    labels[level],
                    *[c.current for c in cells],
                    *[c.previous for c in cells],
                    *[c.difference for c in cells],
                    *[c.percent for c in cells],
                ]
            )
    tables.append(
        Table(
            key="comparison",
            title=pgettext("report", "Comparison with the same period of the previous year"),
            columns=[
                Column((pgettext("report", "Status"),), numeric=False, width=22),
                Column((pgettext("report", "Level"),), numeric=False, width=26),
                *[Column((this_year, labels[r]), width=10) for r in ("c", "i")],
                *[Column((last_year, labels[r]), width=10) for r in ("c", "i")],
                *[Column((pgettext("report", "Difference"), labels[r]), width=10) for r in ("c", "i")],
                *[Column((pgettext("report", "Change (percent)"), labels[r]), width=10) for r in ("c", "i")],
            ],
            rows=comparison_rows,
            note=""
            if report.previous_period_exists
            else pgettext("report", "No reporting period of the previous year: the previous figures are zero."),
        )
    )

    tables.append(
        Table(
            key="history",
            title=pgettext("report", "Bloc totals over the years"),
            columns=[
                Column((pgettext("report", "Year"),), numeric=False, width=8),
                *[Column((labels[s], labels[r]), width=12) for s in STATUSES for r in ("c", "i")],
            ],
            rows=[
                [str(h.year), *[h.counts[key(s, TOTAL, r)] for s in STATUSES for r in ("c", "i")]]
                for h in report.history
            ],
        )
    )

    if report.vote_outcomes:
        tables.append(
            Table(
                key="votes",
                title=pgettext("report", "Results of the review and vote"),
                columns=[
                    Column((labels["no"],), numeric=False, width=5),
                    Column((pgettext("report", "Award proposed"),), numeric=False, width=40),
                    Column((labels["agency"],), numeric=False, width=40),
                ],
                rows=[[n, o.award, o.agency] for n, o in enumerate(report.vote_outcomes, start=1)],
            )
        )
    if report.proposals:
        tables.append(
            Table(
                key="proposals",
                title=pgettext("report", "Proposals and the province's decision"),
                columns=[
                    Column((labels["no"],), numeric=False, width=5),
                    Column((pgettext("report", "Collective or individual"),), numeric=False, width=40),
                    Column((pgettext("report", "Award proposed"),), numeric=False, width=36),
                    Column((pgettext("report", "Result"),), numeric=False, width=40),
                ],
                rows=[[n, p.nominee, p.award, p.result] for n, p in enumerate(report.proposals, start=1)],
            )
        )
    if report.ranking:
        tables.append(
            Table(
                key="ranking",
                title=pgettext("report", "Emulation ranking of the year"),
                columns=[
                    Column((pgettext("report", "Rank"),), numeric=False, width=8),
                    Column((labels["agency"],), numeric=False, width=40),
                    Column((pgettext("report", "Points"),), width=12),
                ],
                rows=[[r.rank, r.agency, r.total] for r in report.ranking],
            )
        )
    return tables


def rollup_tables(rollup) -> list[Table]:
    labels = _labels()
    statuses = rollup.statuses
    levels = [*LEVELS, TOTAL]
    tables = [
        Table(
            key="blocs",
            title=pgettext("report", "Blocs of the province"),
            columns=[
                Column((labels["no"],), numeric=False, width=5),
                Column((pgettext("report", "Bloc"),), numeric=False, width=36),
                Column((pgettext("report", "Leader"),), numeric=False, width=26),
                Column((pgettext("report", "Deputy"),), numeric=False, width=26),
                Column((pgettext("report", "Members"),), width=9),
                Column((pgettext("report", "Reports submitted"),), width=11),
                *_count_columns(statuses, levels, labels),
            ],
            rows=[
                [
                    n,
                    r.name,
                    r.leader or "",
                    ", ".join(r.deputies),
                    r.member_count,
                    r.submitted_count,
                    *_count_values(r.counts, statuses, levels),
                ]
                for n, r in enumerate(rollup.rows, start=1)
            ],
            total=[
                "",
                labels["grand_total"],
                "",
                "",
                rollup.member_total,
                rollup.submitted_total,
                *_count_values(rollup.totals, statuses, levels),
            ],
        )
    ]
    if rollup.is_annual and rollup.conferences_known:
        tables.append(
            Table(
                key="proposals",
                title=pgettext("report", "Proposals from the annual reviews"),
                columns=[
                    Column((labels["no"],), numeric=False, width=5),
                    Column((pgettext("report", "Bloc"),), numeric=False, width=36),
                    Column((pgettext("report", "Emulation flag"),), numeric=False, width=36),
                    Column((pgettext("report", "Certificates of merit"),), numeric=False, width=50),
                ],
                rows=[
                    [n, r.name, ", ".join(r.flag), ", ".join(r.certificates)]
                    for n, r in enumerate(rollup.rows, start=1)
                ],
            )
        )
    return tables


def statutory_tables(report) -> list[Table]:
    labels = _labels()

    def table(key, title, rows, total):
        return Table(
            key=key,
            title=title,
            columns=[
                Column((pgettext("report", "Item"),), numeric=False, width=6),
                Column((pgettext("report", "Form of award"),), numeric=False, width=50),
                Column((pgettext("report", "Code"),), numeric=False, width=22),
                Column((pgettext("report", "Number of awards"), labels["c"]), width=12),
                Column((pgettext("report", "Number of awards"), labels["i"]), width=12),
                Column((pgettext("report", "Number of awards"), labels["grand_total"]), width=12),
            ],
            rows=[[n, r.name, r.code, r.collectives, r.individuals, r.total] for n, r in enumerate(rows, start=1)],
            total=["", labels["grand_total"], "", total.collectives, total.individuals, total.total],
        )

    return [
        table(
            "bieu_0602",
            pgettext("report", "Form 0602.N/BNV-TĐKT: state-level awards"),
            report.form_0602,
            report.total_0602,
        ),
        table(
            "bieu_0603",
            pgettext("report", "Form 0603.N/BNV-TĐKT: ministry, sector and province awards"),
            report.form_0603,
            report.total_0603,
        ),
    ]
