"""A renderer-neutral table: the one shape every report is turned into before it is drawn.

Selectors compute rows and totals; the functions at the bottom of this module lay those rows
out as `Table`s (columns with grouped headers, body rows, a total row). The HTML template, the
xlsx writer and the docx writer all draw the same `Table` objects, so the three formats cannot
disagree on a number.
"""

from django.utils.translation import pgettext

from conferences.exporters import Column, HeaderCell, Table
from reports import circular02
from reports import selectors as rs
from reports.selectors import LEVELS, STATUSES, TOTAL, key

__all__ = ["Column", "HeaderCell", "Table"]


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
        rs.AwardLevel.STATE: pgettext("report", "State level"),
        rs.AwardLevel.MINISTRY_PROVINCE: pgettext("report", "Ministry, sector, province level"),
        rs.AwardLevel.UNIT: pgettext("report", "Unit level"),
        rs.AwardLevel.UNSTATED: pgettext("report", "Level not stated"),
        rs.TOTAL: pgettext("report", "Total"),
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
            sheet=pgettext("report", "Member agencies"),
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
            sheet=pgettext("report", "By member agency"),
            columns=[
                Column((labels["no"],), numeric=False, width=5),
                Column((labels["agency"],), numeric=False, width=36),
                *_count_columns(statuses, levels, labels),
            ],
            rows=[
                *(
                    [n, m.name, *_count_values(m.counts, statuses, levels)]
                    for n, m in enumerate(report.members, start=1)
                ),
                # The bloc's totals not attributed to a member: its own line, not numbered as a member.
                *(
                    [["", report.whole_bloc.name, *_count_values(report.whole_bloc.counts, statuses, levels)]]
                    if report.whole_bloc
                    else []
                ),
            ],
            total=["", labels["grand_total"], *_count_values(report.totals, statuses, levels)],
        )
    )

    tables.append(
        Table(
            key="by_form",
            title=pgettext("report", "Awards by form"),
            sheet=pgettext("report", "By form of award"),
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
            sheet=pgettext("report", "Compared with last year"),
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
            sheet=pgettext("report", "Totals over the years"),
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
                sheet=pgettext("report", "Review and vote"),
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
                sheet=pgettext("report", "Emulation ranking"),
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
            sheet=pgettext("report", "Blocs of the province"),
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
                sheet=pgettext("report", "Proposals of the reviews"),
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


def _form_table(form, lines, *, title: str, sheet: str, note: str) -> Table:
    """A Circular 02 form as printed: row title (A), its code (B), its unit (C), then 1 = the
    total and the numbered kinds of award, split into collectives and individuals where the form
    splits them; the numbering row under the header; the total and the headings in bold."""

    recipient = {"c": pgettext("report", "Collectives"), "i": pgettext("report", "Individuals")}
    of_which = pgettext("circular 02", "Of which")
    columns = [
        Column(("",), numeric=False, width=60, number="A"),
        Column((pgettext("circular 02", "Code"),), numeric=False, width=6, number="B"),
        Column((pgettext("circular 02", "Unit"),), numeric=False, width=16, number="C"),
        Column((pgettext("circular 02", "Total"),), width=8, number="1"),
    ]
    for col in form.columns:
        if col.recipients:
            columns.extend(
                Column((of_which, str(col.title), recipient[r]), width=8, number=col.number) for r in col.recipients
            )
        else:
            columns.append(Column((of_which, str(col.title)), width=12, number=col.number))
    return Table(
        key=form.key,
        title=title,
        sheet=sheet,
        note=note,
        columns=columns,
        rows=[[line.label, line.code, line.unit, *("" if v is None else v for v in line.values)] for line in lines],
        strong_rows=frozenset(n for n, line in enumerate(lines) if line.strong),
    )


def form_note(form, *, reporting_unit: str, year: int) -> str:
    """The lines printed above a form's table: the circular, the receiving date, the reporting
    and receiving units, the reporting time."""

    return "\n".join(
        [
            pgettext("circular 02", "Issued with Circular No. 02/2023/TT-BNV of 23/3/2023"),
            pgettext("circular 02", "Date of receipt: 15 December of the reporting year"),
            pgettext("circular 02", "Reporting unit: %(unit)s") % {"unit": reporting_unit},
            pgettext("circular 02", "Receiving unit: Ministry of Home Affairs"),
            pgettext("circular 02", "Reporting time: the year %(year)s") % {"year": year},
        ]
    )


def statutory_tables(report, *, reporting_unit: str = "") -> list[Table]:
    """Forms 0602.N and 0603.N of Circular 02/2023/TT-BNV with the circular's rows, codes and
    columns (`reports.circular02`): the award forms' internal codes never reach the document."""

    unit = reporting_unit or (
        pgettext("report", "Department of Home Affairs of %(province)s province") % {"province": report.province.name}
    )
    forms = (
        (circular02.FORM_0602, report.bieu_0602, pgettext("report", "Form 0602.N state awards")),
        (circular02.FORM_0603, report.bieu_0603, pgettext("report", "Form 0603.N province awards")),
    )
    return [
        _form_table(
            form,
            lines,
            title=pgettext("circular 02", "Form No. %(number)s: %(title)s")
            % {"number": form.number, "title": form.title},
            sheet=sheet,
            note=form_note(form, reporting_unit=unit, year=report.year),
        )
        for form, lines, sheet in forms
    ]
