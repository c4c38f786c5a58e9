"""The metadata of a report document: what was stored in `ReportMeta`, else the defaults.

Defaults: the number “Số:      /BC-…” left for the registry to fill; the date of the review
conference of the period, else today; the place is the province's name on that date (a 2023
report of Bắc Kạn keeps “Bắc Kạn” after the 2025 merger; a province that no longer exists on
the date gives its successor's name); the signer's capacity of the issuing body; the usual
recipients.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import pgettext

from blocs.models import Province
from reports.models import ReportMeta


@dataclass
class DocumentMeta:
    number: str
    date: datetime.date | None
    place: str
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    stored: ReportMeta | None = None


def place_on(province: Province, date: datetime.date) -> str:
    """The province's name on `date`: its successor's (and so on) once it has ceased to exist.
    At most one query per merger followed (the successor is usually not prefetched)."""
    seen = set()
    while province.valid_to and date > province.valid_to and province.successor_id and province.pk not in seen:
        seen.add(province.pk)
        province = province.successor
    return province.name


def _stored(**lookup) -> ReportMeta | None:
    return ReportMeta.objects.filter(**lookup).first()


def _merge(default: DocumentMeta, stored: ReportMeta | None, province: Province) -> DocumentMeta:
    if stored is None:
        return default
    date = stored.date or default.date
    return DocumentMeta(
        number=stored.number or default.number,
        date=date,
        place=stored.place or (place_on(province, date) if date else default.place),
        signer_title=stored.signer_title or default.signer_title,
        signer_name=stored.signer_name or default.signer_name,
        recipients=[r.strip() for r in stored.recipients.splitlines() if r.strip()] or default.recipients,
        stored=stored,
    )


def bloc_report_meta(report, *, today: datetime.date | None = None) -> DocumentMeta:
    """One query (the stored metadata)."""
    today = today or timezone.localdate()
    province = report.bloc.province
    date = next((c.date for c in report.conferences if c.date), None) or today
    default = DocumentMeta(
        number=pgettext("report", "No.:      /BC-KTĐ"),
        date=date,
        place=place_on(province, date),
        signer_title=pgettext("report", "On behalf of the emulation bloc\nLeader agency"),
        signer_name=report.leader.name if report.leader else "",
        recipients=[
            pgettext("report", "Department of Home Affairs of %(province)s province (Emulation and Commendation)")
            % {"province": report.province_name},
            pgettext("report", "Member agencies of the bloc"),
            pgettext("report", "Filed: office records"),
        ],
    )
    stored = _stored(bloc=report.bloc, year=report.year, kind=report.kind)
    return _merge(default, stored, province)


def province_report_meta(province: Province, year: int, kind: str, *, today=None) -> DocumentMeta:
    """For the roll-up (kind "rollup_h1"/"rollup_year") and the statutory forms ("statutory").
    One query."""
    today = today or timezone.localdate()
    if kind == ReportMeta.Kind.STATUTORY:
        recipients = [
            pgettext("report", "Ministry of Home Affairs (Central Emulation and Commendation Committee)"),
            pgettext("report", "Filed: office records"),
        ]
    else:
        recipients = [
            pgettext("report", "Emulation and Commendation Council of %(province)s province")
            % {"province": province.name},
            pgettext("report", "Filed: office records"),
        ]
    default = DocumentMeta(
        number=pgettext("report", "No.:      /BC-SNV"),
        date=today,
        place=place_on(province, today),
        signer_title=pgettext("report", "Director"),
        signer_name="",
        recipients=recipients,
    )
    return _merge(default, _stored(province=province, bloc__isnull=True, year=year, kind=kind), province)
