"""The one thing the reports app writes: the metadata of its documents (number, date, place,
signer, recipients). Everything else in a report is read from the other apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from blocs.models import Bloc, Province, User
from reports.meta import BLOC_KINDS, EDITABLE_FIELDS, PROVINCE_KINDS, stored_meta
from reports.models import ReportMeta

ERR_DATE_OUT_OF_RANGE = "date_out_of_range"


def save_report_meta(
    *, province: Province, bloc: Bloc | None, year: int, kind: str, values: dict, user: User
) -> ReportMeta | None:
    """Store what the issuer typed for a bloc's report (`bloc` given, kind "h1" or "year") or a
    province's document (`bloc=None`, kind "rollup_h1", "rollup_year" or "statutory").

    Writes only the fields that changed, so every history record is a real edit; nothing at
    all when nothing changed (or when an empty form would create a row). A blank field keeps
    the default. The date must fall in the report's year or the next one (an annual report is
    often signed in January). Returns the stored row, or None when none exists. Runs in the
    caller's transaction (`blocs.concurrency.save_if_fresh`)."""
    if bloc is not None:
        if kind not in BLOC_KINDS or bloc.province_id != province.pk:
            raise ValueError(f"not a bloc report: {kind!r}")
    elif kind not in PROVINCE_KINDS:
        raise ValueError(f"not a province document: {kind!r}")
    values = {name: values.get(name) or ("" if name != "date" else None) for name in EDITABLE_FIELDS}
    values["recipients"] = "\n".join(line.strip() for line in values["recipients"].splitlines() if line.strip())
    for name in ("number", "place", "signer_name"):
        values[name] = values[name].strip()
    values["signer_title"] = "\n".join(line.strip() for line in values["signer_title"].splitlines() if line.strip())
    date = values["date"]
    if date is not None and date.year not in (year, year + 1):
        raise ValidationError(
            {
                "date": ValidationError(
                    _("A report on %(year)s is dated in %(year)s or %(next)s."),
                    code=ERR_DATE_OUT_OF_RANGE,
                    params={"year": year, "next": year + 1},
                )
            }
        )

    meta = stored_meta(province=province, bloc=bloc, year=year, kind=kind)
    if meta is None:
        if not any(values.values()):
            return None
        meta = ReportMeta(province=province, bloc=bloc, year=year, kind=kind, updated_by=user, **values)
        meta.full_clean()
        meta.save()
        return meta
    changed = [name for name in EDITABLE_FIELDS if getattr(meta, name) != values[name]]
    if not changed:
        return meta
    for name in changed:
        setattr(meta, name, values[name])
    meta.updated_by = user
    meta.full_clean()
    meta.save(update_fields=[*changed, "updated_by", "updated_at"])
    return meta
