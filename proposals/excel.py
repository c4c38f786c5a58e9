"""Reading the individuals' list uploaded from the template of `proposals.documents`.

The workbook is opened by `awards.excel.open_workbook` (the one safe .xlsx opener: extension,
type, size, macros, zip bombs); rows are read by header, not by position, and every problem is
reported with its row number, in Vietnamese. Nothing is written here: the rows go to
`services.import_individuals`, which checks them again, all or nothing.
"""

from django.utils.translation import gettext as _

from awards.excel import UploadInvalid, open_workbook
from awards.models import AwardForm
from blocs.models import Agency
from blocs.text import match_key
from proposals.documents import INDIVIDUAL_COLUMNS, INDIVIDUAL_SHEET
from proposals.models import MAX_ITEMS, ProposalItem
from proposals.services import ItemData

__all__ = ["UploadInvalid", "parse_individuals"]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Undo the quote the template's writer puts before formula-like text.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


def parse_individuals(
    *, name: str, content_type: str | None, data: bytes, agencies: list[Agency], forms: list[AwardForm]
) -> list[ItemData]:
    """The individuals listed in the workbook, or `UploadInvalid` listing every problem."""
    wb = open_workbook(name, content_type, data)
    if INDIVIDUAL_SHEET not in wb.sheetnames:
        raise UploadInvalid(
            [
                _("The sheet “%(sheet)s” of the template is missing: do not rename or delete it.")
                % {"sheet": INDIVIDUAL_SHEET}
            ]
        )
    ws = wb[INDIVIDUAL_SHEET]
    header = [_text(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1))]
    expected = [label for label, _width in INDIVIDUAL_COLUMNS]
    if header[: len(expected)] != expected:
        raise UploadInvalid([_("The first row must keep the template's column titles.")])
    by_agency = {match_key(a.name): a for a in agencies}
    by_form = {match_key(f.name): f for f in forms}
    rows, errors = [], []
    for number, values in enumerate(ws.iter_rows(min_row=2, max_col=len(expected), values_only=True), start=2):
        texts = [_text(v) for v in values]
        if not any(texts):
            continue
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            errors.append(_("Row %(n)d: formulas are not accepted; type the values.") % {"n": number})
            continue
        person, position, unit, agency_name, form_name, authority = (texts + [""] * 6)[:6]
        agency = by_agency.get(match_key(agency_name))
        form = by_form.get(match_key(form_name))
        if not person:
            errors.append(_("Row %(n)d: enter the full name.") % {"n": number})
        if agency is None:
            errors.append(
                _("Row %(n)d: “%(agency)s” is not a member agency of the bloc.") % {"n": number, "agency": agency_name}
            )
        if form is None:
            errors.append(
                _("Row %(n)d: “%(form)s” is not an award form of the list.") % {"n": number, "form": form_name}
            )
        if person and agency is not None and form is not None:
            rows.append(
                ItemData(
                    agency=agency,
                    recipient=ProposalItem.Recipient.INDIVIDUAL,
                    award_form=form,
                    authority=authority,
                    person_name=person,
                    person_position=position,
                    person_unit=unit,
                )
            )
        if len(rows) > MAX_ITEMS:
            errors.append(_("A dossier holds at most %(n)d nominees.") % {"n": MAX_ITEMS})
            break
    if errors:
        raise UploadInvalid(errors)
    if not rows:
        raise UploadInvalid([_("The file lists no individual.")])
    return rows
