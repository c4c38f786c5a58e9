"""Builders for awards tests: periods and rows go through the real services."""

import datetime

from awards import services
from awards.models import AwardForm, ReportingPeriod


def period(province, *, year=2022, kind=ReportingPeriod.Kind.H1, actor=None, **dates) -> ReportingPeriod:
    """A period opened when its year began (a live period, not a back-filled one) unless
    `opened_on` says otherwise."""
    dates.setdefault("opened_on", datetime.date(year, 1, 1))
    return services.open_period(province=province, year=year, kind=kind, actor=actor, **dates)


def row(code="giay-khen", *, authority="Thủ trưởng cơ quan, đơn vị", collectives=0, individuals=0, **kwargs):
    return services.RecordRow(
        form=AwardForm.objects.get(code=code),
        authority=authority,
        collectives=collectives,
        individuals=individuals,
        **kwargs,
    )


def save(agency, period_, rows, *, actor=None, submit=False):
    """Save (or submit) the rows starting from the submission's current version."""
    current = agency.submissions.filter(period=period_).first()
    version = current.version if current else 0
    service = services.submit_submission if submit else services.save_submission
    return service(agency=agency, period=period_, rows=rows, version=version, actor=actor)


def grid_post(rows: list[dict], *, version=0, action="save", initial=0, prefix="rows") -> dict:
    """The POST body of the entry grid for `rows` (dicts of field values)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        "version": str(version),
        "action": action,
    }
    for i, values in enumerate(rows):
        values = {"status": "granted", **values}
        for key, value in values.items():
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            if isinstance(value, AwardForm):
                value = value.pk
            if value is True:
                value = "on"
            data[f"{prefix}-{i}-{key}"] = "" if value is None else str(value)
    return data
