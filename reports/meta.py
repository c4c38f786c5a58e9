"""The metadata of a report document: what was stored in `ReportMeta`, else the defaults.

Defaults:

- the number “Số:      /BC-…” is left for the registry to fill;
- the date is the review conference's (the six-month review for a six-month report, the
  annual review for an annual one); without one, the period's submission deadline (else the
  last day of the period: 30/06 or 31/12), or today when that day is still to come. A 2022
  report is never dated with today's date of 2026;
- the place is the province's name on that date: a 2023 report of Bắc Kạn keeps “Bắc Kạn”
  after the 2025 merger, a province that no longer exists on the date gives its successor's;
- the signer's capacity of the issuing body and the usual recipients.

A field the issuer leaves blank keeps its default (and a stored date moves the default place).
"""

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import pgettext

from awards.models import ReportingPeriod
from blocs.concurrency import instance_snapshot
from blocs.history import HistoryEntry, history_entries
from blocs.models import Bloc, Province
from reports.models import ReportMeta

# The fields the issuer edits (the form, the snapshot of the concurrency check, the service).
EDITABLE_FIELDS = ["number", "date", "place", "signer_title", "signer_name", "recipients"]
BLOC_KINDS = (ReportMeta.Kind.H1, ReportMeta.Kind.YEAR)
PROVINCE_KINDS = (ReportMeta.Kind.ROLLUP_H1, ReportMeta.Kind.ROLLUP_YEAR, ReportMeta.Kind.STATUTORY)
# The reporting period a kind of report reads.
PERIOD_KIND = {
    ReportMeta.Kind.H1: ReportingPeriod.Kind.H1,
    ReportMeta.Kind.YEAR: ReportingPeriod.Kind.YEAR,
    ReportMeta.Kind.ROLLUP_H1: ReportingPeriod.Kind.H1,
    ReportMeta.Kind.ROLLUP_YEAR: ReportingPeriod.Kind.YEAR,
    ReportMeta.Kind.STATUTORY: ReportingPeriod.Kind.YEAR,
}


@dataclass
class DocumentMeta:
    number: str
    date: datetime.date | None
    place: str
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    stored: ReportMeta | None = None
    # The province's name on the document's date, for the issuing body's line and the file name
    # (the place of the date line is the issuer's to change; the province is not).
    province_name: str = ""


def place_on(province: Province, date: datetime.date) -> str:
    """The province's name on `date`: its successor's (and so on) once it has ceased to exist.
    At most one query per merger followed (the successor is usually not prefetched)."""
    seen = set()
    while province.valid_to and date > province.valid_to and province.successor_id and province.pk not in seen:
        seen.add(province.pk)
        province = province.successor
    return province.name


def default_date(
    *, year: int, period_kind: str, period: ReportingPeriod | None, conference_date=None, today: datetime.date
) -> datetime.date:
    """The review conference's date; else the period's deadline (else its last day), or today
    when that day has not come yet."""
    if conference_date:
        return conference_date
    if period is not None:
        fallback = period.deadline
    else:
        fallback = datetime.date(year, 6, 30) if period_kind == ReportingPeriod.Kind.H1 else datetime.date(year, 12, 31)
    return min(fallback, today)


def stored_meta(*, province: Province, bloc: Bloc | None, year: int, kind: str) -> ReportMeta | None:
    """The metadata stored for a bloc's report (or, with `bloc=None`, the province's). One query."""
    if bloc is not None:
        return ReportMeta.objects.filter(bloc=bloc, year=year, kind=kind).first()
    return ReportMeta.objects.filter(province=province, bloc__isnull=True, year=year, kind=kind).first()


def merge(default: DocumentMeta, stored: ReportMeta | None, province: Province) -> DocumentMeta:
    """The stored values over the defaults; a stored date moves the default place with it."""
    if stored is None:
        return default
    date = stored.date or default.date
    province_name = place_on(province, date) if date else default.province_name
    return DocumentMeta(
        number=stored.number or default.number,
        date=date,
        place=stored.place or province_name,
        signer_title=stored.signer_title or default.signer_title,
        signer_name=stored.signer_name or default.signer_name,
        recipients=[r.strip() for r in stored.recipients.splitlines() if r.strip()] or default.recipients,
        stored=stored,
        province_name=province_name,
    )


def bloc_report_defaults(report, *, today: datetime.date | None = None) -> DocumentMeta:
    """The defaults of a bloc report (a `reports.selectors.BlocReport`). No query unless the
    province merged before the date (its successor is read)."""
    today = today or timezone.localdate()
    province = report.bloc.province
    date = default_date(
        year=report.year,
        period_kind=report.kind,
        period=report.period,
        conference_date=next((c.date for c in report.conferences if c.date), None),
        today=today,
    )
    name = place_on(province, date)
    return DocumentMeta(
        number=pgettext("report", "No.:      /BC-KTĐ"),
        date=date,
        place=name,
        signer_title=pgettext("report", "On behalf of the emulation bloc\nLeader agency"),
        signer_name=report.leader.name if report.leader else "",
        recipients=[
            pgettext("report", "Department of Home Affairs of %(province)s province (Emulation and Commendation)")
            % {"province": name},
            pgettext("report", "Member agencies of the bloc"),
            pgettext("report", "Filed: office records"),
        ],
        province_name=name,
    )


def bloc_report_meta(report, *, today: datetime.date | None = None) -> DocumentMeta:
    """The stored metadata over the defaults. One query (the stored metadata)."""
    stored = stored_meta(province=report.bloc.province, bloc=report.bloc, year=report.year, kind=report.kind)
    return merge(bloc_report_defaults(report, today=today), stored, report.bloc.province)


def province_report_defaults(
    province: Province, year: int, kind: str, *, period: ReportingPeriod | None, today: datetime.date | None = None
) -> DocumentMeta:
    """The defaults of the roll-up (kind "rollup_h1"/"rollup_year") and of the statutory forms
    ("statutory"); `period` is the reporting period the document reads."""
    today = today or timezone.localdate()
    date = default_date(year=year, period_kind=PERIOD_KIND[kind], period=period, today=today)
    name = place_on(province, date)
    if kind == ReportMeta.Kind.STATUTORY:
        recipients = [
            pgettext("report", "Ministry of Home Affairs (Central Emulation and Commendation Committee)"),
            pgettext("report", "Filed: office records"),
        ]
    else:
        recipients = [
            pgettext("report", "Emulation and Commendation Council of %(province)s province") % {"province": name},
            pgettext("report", "Filed: office records"),
        ]
    return DocumentMeta(
        number=pgettext("report", "No.:      /BC-SNV"),
        date=date,
        place=name,
        signer_title=pgettext("report", "Director"),
        signer_name="",
        recipients=recipients,
        province_name=name,
    )


def province_report_meta(
    province: Province, year: int, kind: str, *, period: ReportingPeriod | None, today=None
) -> DocumentMeta:
    """The stored metadata over the defaults. One query."""
    default = province_report_defaults(province, year, kind, period=period, today=today)
    return merge(default, stored_meta(province=province, bloc=None, year=year, kind=kind), province)


def period_of(province: Province, year: int, kind: str) -> ReportingPeriod | None:
    """The reporting period a province document of `kind` reads. One query."""
    return ReportingPeriod.objects.filter(province=province, year=year, kind=PERIOD_KIND[kind]).first()


def meta_snapshot(stored: ReportMeta | None) -> dict[str, str]:
    """What the edit form shows of the stored values, for the concurrency check. Without a
    stored row, the blank values (a blank unsaved row with a stand-in key), so a colleague's
    first save reads “Số: — → 15/BC-KTĐ”, not “Added: …”."""
    return instance_snapshot(stored or ReportMeta(pk=0), EDITABLE_FIELDS)


def meta_history(stored: ReportMeta | None) -> list[HistoryEntry]:
    """Who changed the document's number, date, signer… and when, newest first."""
    if stored is None:
        return []
    records = stored.history.select_related("history_user").all()
    return [replace(e, object_label=str(ReportMeta._meta.verbose_name).capitalize()) for e in history_entries(records)]
