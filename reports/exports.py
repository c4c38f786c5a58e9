"""The reports' exporters: one small class per document (bloc six-month and annual report,
province roll-up, Circular 02/2023 forms), each computed once from a selector's result and drawn
by the shared writers of `conferences.exporters` (.docx and .xlsx) and by the HTML pages.

Every sentence is built here, through the translation machinery, from facts that exist: a
missing fact leaves its clause out (no “at not recorded”), a year without a reporting period
is said to have none (no “+624” against nothing), and the document states which submissions
it counts.
"""

import datetime

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import pgettext

from conferences.documents import DOCX_CONTENT_TYPE
from conferences.exporters import Exporter, Header, Paragraph, Section, Signature
from conferences.workbooks import XLSX_CONTENT_TYPE
from reports import circular02
from reports.meta import bloc_report_meta, province_report_meta
from reports.selectors import SCOPE_ACCEPTED, SCOPE_SUBMITTED, TOTAL, key
from reports.tables import bloc_report_tables, rollup_tables, statutory_tables

__all__ = [
    "DOCX_CONTENT_TYPE",
    "EXPORTERS",
    "XLSX_CONTENT_TYPE",
    "BlocReportExporter",
    "RollupExporter",
    "StatutoryExporter",
]


def _join(items) -> str:
    return ", ".join(str(i) for i in items)


def period_subject(kind: str, year: int) -> str:
    if kind == "h1":
        return pgettext("report", "Six-month review of emulation and commendation work, first half of %(year)s") % {
            "year": year
        }
    return pgettext("report", "Annual review of emulation and commendation work in %(year)s") % {"year": year}


def scope_sentence(scope: str, status: str) -> str:
    """The sentence that states what the document counts."""

    if scope == SCOPE_ACCEPTED:
        text = pgettext("report", "Figures of the reports accepted by the Department of Home Affairs.")
    elif scope == SCOPE_SUBMITTED:
        text = pgettext(
            "report", "Figures of the reports submitted to the Department of Home Affairs (accepted or not)."
        )
    else:
        text = pgettext("report", "Working figures: drafts and reports returned for correction are included.")
    if status == "granted":
        text += " " + pgettext("report", "Awards granted only.")
    elif status == "proposed":
        text += " " + pgettext("report", "Awards proposed only.")
    return text


def _counts_sentence(status, c, i) -> str:
    if status == "granted":
        return pgettext("report", "Awards granted: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}
    return pgettext("report", "Awards proposed: %(c)s collectives and %(i)s individuals.") % {"c": c, "i": i}


def _date_text(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


class ReportExporter(Exporter):
    """The common part of the reports: header, recipients and signature from the report's
    metadata (`reports.models.ReportMeta` values, or the defaults)."""

    def __init__(self, *, meta):
        super().__init__()
        self.meta = meta

    def _signature(self):
        m = self.meta
        if m.signer_title or m.signer_name:
            return [Signature(lines=[line for line in m.signer_title.splitlines() if line.strip()], name=m.signer_name)]
        return []


class BlocReportExporter(ReportExporter):
    """The bloc's six-month (“Báo cáo sơ kết”) or annual (“Báo cáo tổng kết”) report."""

    identifier = "bloc_report"

    def __init__(self, report, *, meta):

        super().__init__(meta=meta)
        self.report = report
        r = report
        self.header = Header(
            issuer_parent=pgettext("report", "Emulation and Commendation Council of %(province)s province")
            % {"province": meta.province_name},
            issuer=r.bloc.name,
            number=meta.number,
            place=meta.place,
            date=meta.date,
            title=pgettext("report", "Report"),
            subtitle=period_subject(r.kind, r.year),
        )
        tables = {t.key: t for t in bloc_report_tables(r)}
        self.tables_by_key = tables

        s = self.section(pgettext("report", "I. MEMBERS AND LEADERSHIP OF THE BLOC"), key="members")
        s.add(
            pgettext("report", "In %(year)s the bloc has %(n)s member agencies.")
            % {"year": r.year, "n": len(r.members)}
        )
        if r.leader:
            s.add(pgettext("report", "Leader agency: %(leader)s.") % {"leader": r.leader.name})
        if r.deputies:
            s.add(
                pgettext("report", "Deputy leader agencies: %(names)s.") % {"names": _join(d.name for d in r.deputies)}
            )
        s.blocks.append(tables["members"])

        s = self.section(pgettext("report", "II. RESULTS OF EMULATION AND COMMENDATION WORK"), key="results")
        s.add(scope_sentence(r.scope, r.status), "note")
        if r.period is None:
            s.add(pgettext("report", "No reporting period has been opened for this period."), "warning")
        for line in self.summary():
            s.add(line)
        s.add(self.partial_notice(), "warning")
        for table_key in ("by_agency", "by_form", "comparison", "history"):
            s.blocks.append(tables[table_key])

        s = self.section(pgettext("report", "III. CONFERENCES OF THE PERIOD"), key="conferences")
        if not r.conferences:
            s.add(pgettext("report", "No conference recorded for this period yet."))
        for conf in r.conferences:
            s.add(self.conference_sentence(conf), "subheading")
            for line in (conf.conclusions or "").splitlines():
                s.add(line.strip())
            if conf.agreed_movements:
                s.add(pgettext("report", "Movements agreed:"))
                for m in conf.agreed_movements:
                    s.add(m, "item")
            if conf.tasks:
                s.add(pgettext("report", "Tasks for the next period:"))
                for t in conf.tasks:
                    s.add(t, "item")

        if r.is_annual:
            s = self.section(pgettext("report", "IV. REVIEW, VOTE AND LEADERSHIP FOR THE NEXT YEAR"), key="review")
            if r.vote_outcomes:
                s.add(pgettext("report", "Proposed after the review and vote:"))
                for o in r.vote_outcomes:
                    s.add(f"{o.award}: {o.agency}", "item")
            else:
                s.add(pgettext("report", "No review vote recorded yet."))
            if r.next_leader:
                text = pgettext("report", "Elected for %(year)s: leader %(leader)s") % {
                    "year": r.year + 1,
                    "leader": r.next_leader,
                }
                if r.next_deputies:
                    text += pgettext("report", "; deputy %(deputies)s") % {"deputies": _join(r.next_deputies)}
                s.add(text + ".")
            else:
                s.add(pgettext("report", "The leadership for %(year)s is not recorded yet.") % {"year": r.year + 1})
            if "votes" in tables:
                s.blocks.append(tables["votes"])
            if "proposals" in tables:
                s.blocks.append(tables["proposals"])
            if "ranking" in tables:
                s.blocks.append(tables["ranking"])

        self.recipients = meta.recipients
        self.signatures = self._signature()

    def file_words(self):
        r = self.report
        kind = (
            pgettext("report", "six-month report %(year)s")
            if r.kind == "h1"
            else pgettext("report", "annual report %(year)s")
        ) % {"year": r.year}
        return [kind, r.bloc.name]

    def summary(self) -> list[str]:
        """The figures of part II in sentences (also on the HTML page)."""

        r = self.report
        lines = []
        previous = {(c.status, c.level, c.recipient): c for c in r.comparison}
        for status in r.statuses:
            text = _counts_sentence(status, r.totals[key(status, TOTAL, "c")], r.totals[key(status, TOTAL, "i")])
            if r.previous_period_exists:
                dc, di = previous[(status, TOTAL, "c")].difference, previous[(status, TOTAL, "i")].difference
                text += " " + pgettext(
                    "report", "Compared with the same period of %(year)s: %(dc)s collectives and %(di)s individuals."
                ) % {"year": r.year - 1, "dc": f"{dc:+d}", "di": f"{di:+d}"}
            lines.append(text)
        if not r.previous_period_exists:
            lines.append(
                pgettext("report", "There is no reporting period of %(year)s to compare with.") % {"year": r.year - 1}
            )
        return lines

    def partial_notice(self) -> str:
        r = self.report
        if not r.is_partial:
            return ""
        missing = r.not_sent or r.not_counted
        return pgettext("report", "Partial report: the figures of %(names)s are not included or not yet submitted.") % {
            "names": _join(m.name for m in missing)
        }

    @staticmethod
    def conference_sentence(conf) -> str:
        """“Hội nghị …, tổ chức vào buổi chiều ngày 04/01/2023 tại …” with only the facts known."""
        text = conf.title
        if conf.date:
            if conf.time_of_day:
                text += pgettext("report", ", held in the %(time)s of %(date)s") % {
                    "time": conf.time_of_day.lower(),
                    "date": _date_text(conf.date),
                }
            else:
                text += pgettext("report", ", held on %(date)s") % {"date": _date_text(conf.date)}
        if conf.venue:
            text += pgettext("report", " at %(venue)s") % {"venue": conf.venue}
        return text + "."


class RollupExporter(ReportExporter):
    """The Department of Home Affairs' summary of all the province's blocs for a period."""

    identifier = "rollup"

    def __init__(self, rollup, *, meta):

        super().__init__(meta=meta)
        self.rollup = r = rollup
        self.header = Header(
            issuer_parent=pgettext("report", "People's Committee of %(province)s province")
            % {"province": meta.province_name},
            issuer=pgettext("report", "Department of Home Affairs"),
            number=meta.number,
            place=meta.place,
            date=meta.date,
            title=pgettext("report", "Report"),
            subtitle=pgettext("report", "Summary of the emulation blocs: %(subject)s")
            % {"subject": period_subject(r.kind, r.year)},
        )
        s = self.section(pgettext("report", "I. THE EMULATION BLOCS"), key="blocs")
        s.add(scope_sentence(r.scope, r.status), "note")
        s.add(
            pgettext(
                "report",
                "%(n)s blocs with %(members)s member agencies; %(submitted)s reports submitted for the period.",
            )
            % {"n": len(r.rows), "members": r.member_total, "submitted": r.submitted_total}
        )
        for status in r.statuses:
            s.add(_counts_sentence(status, r.totals[key(status, TOTAL, "c")], r.totals[key(status, TOTAL, "i")]))
        if r.conferences_known and r.without_conference:
            s.add(
                pgettext("report", "Blocs with no conference recorded yet: %(names)s.")
                % {"names": _join(row.name for row in r.without_conference)}
            )
        for table in rollup_tables(r):
            s.blocks.append(table)
        self.recipients = meta.recipients
        self.signatures = self._signature()

    def file_words(self):
        r = self.rollup
        return [pgettext("report", "summary of the blocs"), period_subject(r.kind, r.year), self.meta.province_name]


class StatutoryExporter(ReportExporter):
    """Forms 0602.N/BNV-TĐKT and 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV."""

    identifier = "statutory"

    def __init__(self, report, *, meta):

        super().__init__(meta=meta)
        self.statutory = report
        self.header = Header(
            issuer_parent=pgettext("report", "People's Committee of %(province)s province")
            % {"province": meta.province_name},
            issuer=pgettext("report", "Department of Home Affairs"),
            number=meta.number,
            place=meta.place,
            date=meta.date,
            title=pgettext("report", "Statistical report"),
            subtitle=pgettext("report", "Awards in %(year)s (Circular 02/2023/TT-BNV), data as of 15/12/%(year)s")
            % {"year": report.year},
        )
        s = self.section("", key="forms")
        s.add(scope_sentence(report.scope, report.status), "note")
        if report.period is None:
            s.add(pgettext("report", "No full-year reporting period has been opened for this year."), "warning")
        s.add(self.blank_rows_sentence(), "note")
        s.add(self.blank_columns_sentence(report.known_groups), "note")
        unit = pgettext("report", "Department of Home Affairs of %(province)s province") % {
            "province": meta.province_name
        }
        for table in statutory_tables(report, reporting_unit=unit):
            s.blocks.append(table)
        self.recipients = meta.recipients
        self.signatures = self._signature()

    @staticmethod
    def blank_rows_sentence() -> str:
        """Which rows of the forms the system cannot fill, and why."""
        rows_0602 = [c for c in circular02.FORM_0602.blank_codes if c != circular02.MINISTRIES_ROW]
        return pgettext(
            "report",
            "The province reports in row 03 of form 0602.N, so row 02 (ministries, sectors and central "
            "organisations) is blank; the system does not record enterprises, households, the position of "
            "individuals or the kind of commendation, so rows %(rows_0602)s of form 0602.N and rows "
            "%(rows_0603)s of form 0603.N are blank.",
        ) % {
            "rows_0602": circular02.code_list(rows_0602),
            "rows_0603": circular02.code_list(circular02.FORM_0603.blank_codes),
        }

    @staticmethod
    def blank_columns_sentence(known: set[str]) -> str:
        columns = circular02.blank_columns(known)
        if not columns:
            return ""
        names = "; ".join(
            pgettext("report", "%(title)s (form %(form)s, column %(number)s)")
            % {"title": col.title, "form": form.number.split("/")[0], "number": col.number}
            for form, col in columns
        )
        return pgettext(
            "report", "No award form of the catalogue is counted in these columns, which are blank: %(columns)s."
        ) % {"columns": names}

    def file_words(self):
        return [
            pgettext("report", "statistical forms 0602 0603 %(year)s") % {"year": self.statutory.year},
            self.meta.province_name,
        ]


EXPORTERS = [BlocReportExporter, RollupExporter, StatutoryExporter]


def paragraph_texts(section: Section) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


# --- building an exporter from a selector's result ---------------------------------------------


def bloc_report_exporter(report, *, today: datetime.date | None = None) -> BlocReportExporter:

    return BlocReportExporter(report, meta=bloc_report_meta(report, today=today))


def rollup_exporter(rollup, *, today: datetime.date | None = None) -> RollupExporter:

    kind = "rollup_h1" if rollup.kind == "h1" else "rollup_year"
    meta = province_report_meta(rollup.province, rollup.year, kind, period=rollup.period, today=today)
    return RollupExporter(rollup, meta=meta)


def statutory_exporter(report, *, today: datetime.date | None = None) -> StatutoryExporter:

    meta = province_report_meta(report.province, report.year, "statutory", period=report.period, today=today)
    return StatutoryExporter(report, meta=meta)


def bloc_report_xlsx(report, today: datetime.date | None = None) -> bytes:
    return bloc_report_exporter(report, today=today).xlsx()


def bloc_report_docx(report, today: datetime.date | None = None) -> bytes:
    return bloc_report_exporter(report, today=today).docx()


def rollup_xlsx(rollup, today: datetime.date | None = None) -> bytes:
    return rollup_exporter(rollup, today=today).xlsx()


def rollup_docx(rollup, today: datetime.date | None = None) -> bytes:
    return rollup_exporter(rollup, today=today).docx()


def statutory_xlsx(report, today: datetime.date | None = None) -> bytes:
    return statutory_exporter(report, today=today).xlsx()


def statutory_docx(report, today: datetime.date | None = None) -> bytes:
    return statutory_exporter(report, today=today).docx()


def document_html(exporter, *, charts=False) -> str:
    """A self-contained HTML file of a document (the page's document, with the print stylesheet
    inlined and without the charts), for `export_report --format html`."""

    with open(finders.find("reports/reports.css"), encoding="utf-8") as f:
        css = f.read()
    return render_to_string(
        "reports/standalone.html",
        {"body_template": "reports/_document.html", "css": css, "doc": exporter, "header": exporter.header},
    )


def bloc_report_html(report, today: datetime.date | None = None) -> str:
    return document_html(bloc_report_exporter(report, today=today))
