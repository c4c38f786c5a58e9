"""Writes for proposal dossiers: one function per user action, each in one transaction.

Permissions are the views' (through `proposals.rules`); these functions enforce the workflow
and the data rules. Domain errors are `ValidationError`s with Vietnamese-translatable messages
and a `code` (the constants below, which tests assert on); a refused action writes nothing.
Granted items reach the award counts through `awards.services.record_decided_awards`.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import services as award_services
from awards.models import AwardForm
from blocs.models import Agency, Membership, User
from blocs.text import normalize_text
from blocs.uploads import check_upload
from conferences.models import Candidate, Conference
from proposals.models import (
    MAX_ITEMS,
    DocumentRequirement,
    Dossier,
    DossierDeadline,
    DossierDocument,
    DossierEvent,
    ProposalItem,
)

ERR_EXISTS = "dossier_exists"
ERR_NOT_REVIEW = "not_a_review"
ERR_NO_NOMINEES = "no_nominees"
ERR_WRONG_STATE = "wrong_state"
ERR_REASON_REQUIRED = "reason_required"
ERR_NOT_MEMBER = "not_a_member"
ERR_FORM_RECIPIENT = "form_not_for_recipient"
ERR_NAME_REQUIRED = "name_required"
ERR_TOO_MANY_ITEMS = "too_many_items"
ERR_NO_ITEMS = "no_items"
ERR_DATE_BEFORE_DOSSIER = "date_before_dossier"
ERR_DATE_BEFORE_COUNCIL = "date_before_council"
ERR_DATE_FUTURE = "date_in_future"
ERR_NOT_NOMINEE = "not_a_nominee"
ERR_VERDICT_MISSING = "verdict_missing"
ERR_NUMBER_REQUIRED = "number_required"
ERR_OTHER_DOSSIER = "other_dossier"
ERR_DUPLICATE_ITEM = "duplicate_item"

UPLOAD_TYPES = ("pdf", "docx")

LENGTHS = {
    "number": 100,
    "signer_name": 255,
    "signer_title": 255,
    "decision_number": 100,
    "decision_signer": 255,
    "collective_name": 255,
    "person_name": 255,
    "person_position": 255,
    "person_unit": 255,
    "authority": 255,
    "council_note": 500,
}


def _clean(value: str | None) -> str:
    return normalize_text(value or "")


def _check_lengths(values: dict) -> None:
    errors = {
        name: ValidationError(_("At most %(n)d characters.") % {"n": LENGTHS[name]}, code="too_long")
        for name, value in values.items()
        if name in LENGTHS and len(value) > LENGTHS[name]
    }
    if errors:
        raise ValidationError(errors)


def _event(dossier: Dossier, from_state: str, to_state: str, actor, reason: str = "") -> None:
    DossierEvent.objects.create(dossier=dossier, from_state=from_state, to_state=to_state, actor=actor, reason=reason)


def _by(obj, actor) -> None:
    if actor is not None:
        obj._history_user = actor


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("bloc__province", "conference")
        .get(pk=dossier.pk)
    )


def _require_state(dossier: Dossier, states: Iterable[str], message: str) -> None:
    if dossier.state not in tuple(states):
        raise ValidationError(message, code=ERR_WRONG_STATE)


def _move(dossier: Dossier, to_state: str, actor, *, reason: str = "", fields: Sequence[str] = ()) -> Dossier:
    from_state = dossier.state
    dossier.state = to_state
    _by(dossier, actor)
    dossier.save(update_fields=["state", "updated_at", *fields])
    _event(dossier, from_state, to_state, actor, reason)
    return dossier


def local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


# --- Deadlines ------------------------------------------------------------------------------


def due_date_for(conference: Conference) -> datetime.date | None:
    """The province's deadline for the dossier of this review: N days after the review (the
    province's `DossierDeadline`), or None when the province set none or the date is unknown."""
    if conference.date is None:
        return None
    days = (
        DossierDeadline.objects.filter(province_id=conference.bloc.province_id)
        .values_list("days_after_review", flat=True)
        .first()
    )
    return conference.date + datetime.timedelta(days=days) if days else None


# --- Creating the dossier -------------------------------------------------------------------


@transaction.atomic
def create_dossier(*, conference: Conference, actor: User | None) -> Dossier:
    """The dossier of a review conference, built from its votes in one step: one collective item
    per winning candidate of each vote (the award form, authority and wording of the vote, and
    the votes it got). Refused when the conference is not a review, has no winner, or already
    has its dossier."""
    if conference.kind not in (Conference.Kind.ANNUAL, Conference.Kind.SIX_MONTH):
        raise ValidationError(_("Only a six-month or annual review proposes awards."), code=ERR_NOT_REVIEW)
    if Dossier.objects.filter(conference=conference).exists():
        raise ValidationError(_("This review already has its proposal dossier."), code=ERR_EXISTS)
    winners = list(
        Candidate.objects.filter(vote__conference=conference, won=True)
        .select_related("vote__award_form", "agency")
        .order_by("vote__position", "vote_id", "position", "id")
    )
    if not winners:
        raise ValidationError(
            _("The review's votes have no nominee yet: record the votes and their outcomes first."),
            code=ERR_NO_NOMINEES,
        )
    dossier = Dossier(
        conference=conference,
        bloc_id=conference.bloc_id,
        year=conference.year,
        due_date=due_date_for(conference),
        created_by=actor,
    )
    _by(dossier, actor)
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError as exc:  # created by someone else between the check and the write
        raise ValidationError(_("This review already has its proposal dossier."), code=ERR_EXISTS) from exc
    for position, candidate in enumerate(winners):
        vote = candidate.vote
        item = ProposalItem(
            dossier=dossier,
            vote=vote,
            agency=candidate.agency,
            recipient=ProposalItem.Recipient.COLLECTIVE,
            award_form=vote.award_form,
            authority=vote.authority,
            award_label=vote.label,
            votes=candidate.votes,
            valid_ballots=vote.ballots_valid,
            position=position,
        )
        _by(item, actor)
        item.save(force_insert=True)
    _event(dossier, "", Dossier.State.DRAFT, actor)
    return dossier


@transaction.atomic
def save_details(*, dossier: Dossier, number: str, signer_name: str, signer_title: str, actor: User | None) -> Dossier:
    """The cover letter's number and signer, while the dossier is a draft or returned."""
    dossier = _locked(dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    values = {"number": _clean(number), "signer_name": _clean(signer_name), "signer_title": _clean(signer_title)}
    _check_lengths(values)
    changed = [name for name, value in values.items() if getattr(dossier, name) != value]
    if changed:
        for name in changed:
            setattr(dossier, name, values[name])
        _by(dossier, actor)
        dossier.save(update_fields=[*changed, "updated_at"])
    return dossier


# --- Items ----------------------------------------------------------------------------------


@dataclass
class ItemData:
    """A nominee as typed or read from the individuals' spreadsheet."""

    agency: Agency
    recipient: str
    award_form: AwardForm
    authority: str = ""
    collective_name: str = ""
    person_name: str = ""
    person_position: str = ""
    person_unit: str = ""

    def cleaned(self) -> "ItemData":
        return ItemData(
            agency=self.agency,
            recipient=self.recipient,
            award_form=self.award_form,
            authority=_clean(self.authority),
            collective_name=_clean(self.collective_name) if self.recipient == ProposalItem.Recipient.COLLECTIVE else "",
            person_name=_clean(self.person_name) if self.recipient == ProposalItem.Recipient.INDIVIDUAL else "",
            person_position=_clean(self.person_position) if self.recipient == ProposalItem.Recipient.INDIVIDUAL else "",
            person_unit=_clean(self.person_unit) if self.recipient == ProposalItem.Recipient.INDIVIDUAL else "",
        )


FIELDS = (
    "agency",
    "recipient",
    "award_form",
    "authority",
    "collective_name",
    "person_name",
    "person_position",
    "person_unit",
)


def item_errors(dossier: Dossier, data: ItemData, member_ids: set[int]) -> dict[str, ValidationError]:
    """What is wrong with one nominee of the dossier, field by field (empty: nothing)."""
    errors: dict[str, ValidationError] = {}
    if data.agency.pk not in member_ids:
        errors["agency"] = ValidationError(
            _("%(agency)s is not a member of the bloc in %(year)d.")
            % {"agency": data.agency.name, "year": dossier.year},
            code=ERR_NOT_MEMBER,
        )
    if data.recipient not in ProposalItem.Recipient.values:
        errors["recipient"] = ValidationError(_("Choose a collective or an individual."), code=ERR_FORM_RECIPIENT)
    elif data.recipient == ProposalItem.Recipient.COLLECTIVE and not data.award_form.allows_collectives:
        errors["award_form"] = ValidationError(
            _("“%(form)s” is not awarded to collectives.") % {"form": data.award_form}, code=ERR_FORM_RECIPIENT
        )
    elif data.recipient == ProposalItem.Recipient.INDIVIDUAL and not data.award_form.allows_individuals:
        errors["award_form"] = ValidationError(
            _("“%(form)s” is not awarded to individuals.") % {"form": data.award_form}, code=ERR_FORM_RECIPIENT
        )
    if data.recipient == ProposalItem.Recipient.INDIVIDUAL and not data.person_name:
        errors["person_name"] = ValidationError(_("Enter the individual's full name."), code=ERR_NAME_REQUIRED)
    for name in FIELDS[3:]:
        value = getattr(data, name)
        if len(value) > LENGTHS[name]:
            errors[name] = ValidationError(_("At most %(n)d characters.") % {"n": LENGTHS[name]}, code="too_long")
    return errors


def _member_ids(dossier: Dossier) -> set[int]:
    return set(
        Membership.objects.filter(bloc_id=dossier.bloc_id, year=dossier.year).values_list("agency_id", flat=True)
    )


@transaction.atomic
def save_item(
    *, dossier: Dossier, data: ItemData, actor: User | None, item: ProposalItem | None = None
) -> ProposalItem:
    """Add a nominee to the dossier (an individual, or a collective inside a member agency), or
    change one; only what differs is written. The vote's figures of an item built from a vote
    stay as the minutes recorded them."""
    dossier = _locked(dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    if item is not None and item.dossier_id != dossier.pk:
        raise ValidationError(_("This nominee belongs to another dossier."), code=ERR_OTHER_DOSSIER)
    data = data.cleaned()
    errors = item_errors(dossier, data, _member_ids(dossier))
    if errors:
        raise ValidationError(errors)
    if item is None:
        count = ProposalItem.objects.filter(dossier=dossier).count()
        if count >= MAX_ITEMS:
            raise ValidationError(
                _("A dossier holds at most %(n)d nominees.") % {"n": MAX_ITEMS}, code=ERR_TOO_MANY_ITEMS
            )
        item = ProposalItem(dossier=dossier, position=count, **{f: getattr(data, f) for f in FIELDS})
        _by(item, actor)
        try:
            with transaction.atomic():
                item.save(force_insert=True)
        except IntegrityError as exc:
            raise ValidationError(_("This agency is already proposed for this vote."), code=ERR_DUPLICATE_ITEM) from exc
        return item
    changed = [f for f in FIELDS if getattr(item, f) != getattr(data, f)]
    if changed:
        for f in changed:
            setattr(item, f, getattr(data, f))
        _by(item, actor)
        try:
            with transaction.atomic():
                item.save(update_fields=[f if f not in ("agency", "award_form") else f"{f}_id" for f in changed])
        except IntegrityError as exc:
            raise ValidationError(_("This agency is already proposed for this vote."), code=ERR_DUPLICATE_ITEM) from exc
    return item


@transaction.atomic
def delete_item(*, item: ProposalItem, actor: User | None) -> None:
    dossier = _locked(item.dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    for document in DossierDocument.objects.filter(item=item):
        _delete_file_on_commit(document)
    _by(item, actor)
    item.delete()


@transaction.atomic
def import_individuals(*, dossier: Dossier, rows: Sequence[ItemData], actor: User | None) -> list[ProposalItem]:
    """Add the individuals read from the spreadsheet, all or nothing: any bad row refuses the
    whole file with every error listed (row numbers as in the sheet, from 2)."""
    dossier = _locked(dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    count = ProposalItem.objects.filter(dossier=dossier).count()
    if count + len(rows) > MAX_ITEMS:
        raise ValidationError(_("A dossier holds at most %(n)d nominees.") % {"n": MAX_ITEMS}, code=ERR_TOO_MANY_ITEMS)
    if not rows:
        raise ValidationError(_("The file lists no individual."), code=ERR_NO_ITEMS)
    member_ids = _member_ids(dossier)
    problems = []
    cleaned = []
    for n, row in enumerate(rows, start=2):
        row = row.cleaned()
        cleaned.append(row)
        for error in item_errors(dossier, row, member_ids).values():
            problems.append(
                ValidationError(_("Row %(n)d: %(message)s") % {"n": n, "message": error.messages[0]}, code=error.code)
            )
    if problems:
        raise ValidationError(problems)
    items = []
    for i, row in enumerate(cleaned):
        item = ProposalItem(dossier=dossier, position=count + i, **{f: getattr(row, f) for f in FIELDS})
        _by(item, actor)
        item.save(force_insert=True)
        items.append(item)
    return items


# --- Documents ------------------------------------------------------------------------------


def _delete_file_on_commit(document: DossierDocument) -> None:
    name, storage = document.file.name, document.file.storage
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_document(
    *,
    dossier: Dossier,
    upload,
    requirement: DocumentRequirement | None,
    item: ProposalItem | None,
    actor: User | None,
) -> DossierDocument:
    """Store an uploaded document of the dossier (.docx or .pdf, checked by extension, size and
    content like every attachment) under MEDIA_ROOT with a random name. A refused file writes
    nothing."""
    dossier = _locked(dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    check_upload(upload, UPLOAD_TYPES)
    if item is not None and item.dossier_id != dossier.pk:
        raise ValidationError(_("This nominee belongs to another dossier."), code=ERR_NOT_NOMINEE)
    original = PurePath(upload.name).name[:255]
    extension = "." + original.rsplit(".", 1)[-1].lower()
    title = requirement.title if requirement is not None else original
    document = DossierDocument(
        dossier=dossier,
        requirement=requirement,
        item=item,
        title=title[:255],
        original_name=original,
        content_type="application/pdf"
        if extension == ".pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    stored, storage = document.file.name, document.file.storage
    try:
        _by(document, actor)
        document.save()
    except Exception:
        storage.delete(stored)
        raise
    return document


@transaction.atomic
def delete_document(*, document: DossierDocument, actor: User | None) -> None:
    dossier = _locked(document.dossier)
    _require_state(dossier, Dossier.EDITABLE, _("The dossier was submitted: it can no longer be changed."))
    _delete_file_on_commit(document)
    _by(document, actor)
    document.delete()


# --- The workflow ---------------------------------------------------------------------------


@transaction.atomic
def submit_dossier(*, dossier: Dossier, actor: User | None) -> Dossier:
    """The leader agency sends the dossier to Home Affairs (again, after a return)."""
    dossier = _locked(dossier)
    _require_state(dossier, Dossier.EDITABLE, _("Only a draft or returned dossier can be submitted."))
    if not ProposalItem.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("The dossier proposes nobody: add a nominee first."), code=ERR_NO_ITEMS)
    now = timezone.now()
    dossier.submitted_at = now
    fields = ["submitted_at"]
    if dossier.first_submitted_at is None:
        dossier.first_submitted_at = now
        fields.append("first_submitted_at")
    return _move(dossier, Dossier.State.SUBMITTED, actor, fields=fields)


@transaction.atomic
def receive_dossier(*, dossier: Dossier, actor: User | None) -> Dossier:
    """Home Affairs receives a submitted dossier (its contents are checked and complete)."""
    dossier = _locked(dossier)
    _require_state(dossier, [Dossier.State.SUBMITTED], _("Only a submitted dossier can be received."))
    dossier.received_at = timezone.now()
    return _move(dossier, Dossier.State.RECEIVED, actor, fields=["received_at"])


@transaction.atomic
def return_dossier(*, dossier: Dossier, actor: User | None, reason: str) -> Dossier:
    """Home Affairs sends the dossier back to the leader agency, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the dossier is returned."), code=ERR_REASON_REQUIRED)}
        )
    dossier = _locked(dossier)
    _require_state(
        dossier,
        [Dossier.State.SUBMITTED, Dossier.State.RECEIVED],
        _("Only a submitted or received dossier can be returned."),
    )
    return _move(dossier, Dossier.State.RETURNED, actor, reason=reason)


def _check_date(value: datetime.date, field: str, *, not_before: list[tuple[datetime.date | None, str, str]]):
    today = timezone.localdate()
    if value > today:
        raise ValidationError({field: ValidationError(_("The date cannot be in the future."), code=ERR_DATE_FUTURE)})
    for bound, message, code in not_before:
        if bound is not None and value < bound:
            raise ValidationError({field: ValidationError(message % {"date": date_filter(bound, "d/m/Y")}, code=code)})


@dataclass(frozen=True)
class Verdict:
    agreed: bool
    note: str = ""


@transaction.atomic
def record_review(
    *, dossier: Dossier, council_date: datetime.date, verdicts: dict[int, Verdict], actor: User | None
) -> Dossier:
    """The council's review of a received dossier: the meeting date and, for every item, agreed
    or not with a note. May be corrected until the decision."""
    dossier = _locked(dossier)
    _require_state(
        dossier,
        [Dossier.State.RECEIVED, Dossier.State.REVIEWED],
        _("The council reviews a dossier after Home Affairs received it, and before the decision."),
    )
    _check_date(
        council_date,
        "council_date",
        not_before=[
            (
                local_date(dossier.submitted_at),
                _("The council cannot meet before the dossier was submitted (%(date)s)."),
                ERR_DATE_BEFORE_DOSSIER,
            )
        ],
    )
    items = list(ProposalItem.objects.select_for_update(of=("self",)).filter(dossier=dossier))
    ids = {item.pk for item in items}
    if set(verdicts) - ids:
        raise ValidationError(_("Some of the items are not nominees of this dossier."), code=ERR_NOT_NOMINEE)
    if ids - set(verdicts):
        raise ValidationError(_("Record the council's verdict on every nominee."), code=ERR_VERDICT_MISSING)
    for verdict in verdicts.values():
        if len(_clean(verdict.note)) > LENGTHS["council_note"]:
            raise ValidationError(_("A note holds at most %(n)d characters.") % {"n": LENGTHS["council_note"]})
    for item in items:
        verdict = verdicts[item.pk]
        note = _clean(verdict.note)
        if item.council_agreed != verdict.agreed or item.council_note != note:
            item.council_agreed, item.council_note = verdict.agreed, note
            _by(item, actor)
            item.save(update_fields=["council_agreed", "council_note"])
    if dossier.council_date != council_date:
        dossier.council_date = council_date
        if dossier.state == Dossier.State.REVIEWED:
            _by(dossier, actor)
            dossier.save(update_fields=["council_date", "updated_at"])
    if dossier.state == Dossier.State.RECEIVED:
        _move(dossier, Dossier.State.REVIEWED, actor, fields=["council_date"])
    return dossier


@transaction.atomic
def record_decision(
    *,
    dossier: Dossier,
    decision_number: str,
    decision_date: datetime.date,
    signer: str,
    granted_ids: Iterable[int],
    actor: User | None,
) -> Dossier:
    """The People's Committee's decision on a reviewed dossier: number, date, signer, and for
    every item granted or not. Each granted item becomes a granted award record of its agency in
    the province's full-year period of the dossier's year, through the awards service. A dossier
    is decided once: a second decision is refused, and so is an item of another dossier."""
    dossier = _locked(dossier)
    _require_state(
        dossier,
        [Dossier.State.REVIEWED],
        _("A decision is recorded once, on a dossier the council has reviewed."),
    )
    number, signer = _clean(decision_number), _clean(signer)
    if not number:
        raise ValidationError(
            {"decision_number": ValidationError(_("Enter the decision number."), code=ERR_NUMBER_REQUIRED)}
        )
    _check_lengths({"decision_number": number, "decision_signer": signer})
    _check_date(
        decision_date,
        "decision_date",
        not_before=[
            (
                local_date(dossier.submitted_at),
                _("The decision cannot be dated before the dossier was submitted (%(date)s)."),
                ERR_DATE_BEFORE_DOSSIER,
            ),
            (
                dossier.council_date,
                _("The decision cannot be dated before the council's meeting (%(date)s)."),
                ERR_DATE_BEFORE_COUNCIL,
            ),
        ],
    )
    granted_ids = set(granted_ids)
    items = list(
        ProposalItem.objects.select_for_update(of=("self",))
        .filter(dossier=dossier)
        .select_related("agency", "award_form")
    )
    if granted_ids - {item.pk for item in items}:
        raise ValidationError(_("Only the nominees of this dossier can be granted."), code=ERR_NOT_NOMINEE)
    awards = []
    for item in items:
        granted = item.pk in granted_ids
        if item.granted is not granted:
            item.granted = granted
            _by(item, actor)
            item.save(update_fields=["granted"])
        if granted:
            individual = item.recipient == ProposalItem.Recipient.INDIVIDUAL
            awards.append(
                award_services.DecidedAward(
                    source_item_id=item.pk,
                    agency=item.agency,
                    form=item.award_form,
                    authority=item.authority,
                    collectives=0 if individual else 1,
                    individuals=1 if individual else 0,
                    decision_number=number,
                    decision_date=decision_date,
                    note=item.nominee,
                )
            )
    award_services.record_decided_awards(province=dossier.bloc.province, year=dossier.year, awards=awards, actor=actor)
    dossier.decision_number, dossier.decision_date, dossier.decision_signer = number, decision_date, signer
    return _move(dossier, Dossier.State.DECIDED, actor, fields=["decision_number", "decision_date", "decision_signer"])


@transaction.atomic
def close_dossier(*, dossier: Dossier, actor: User | None) -> Dossier:
    """Home Affairs closes a decided dossier (nothing left to do)."""
    dossier = _locked(dossier)
    _require_state(dossier, [Dossier.State.DECIDED], _("Only a decided dossier can be closed."))
    return _move(dossier, Dossier.State.CLOSED, actor)


# The checklist seeded by migration 0002 (the migration keeps its own frozen copy): the papers
# generated from the conference and each nominee's achievement report, for the province's
# emulation flag and certificate of merit.
DEFAULT_CHECKLIST_FORMS = ("co-thi-dua-bo-tinh", "bang-khen-bo-tinh")
DEFAULT_CHECKLIST = [
    ("cover_letter", "Tờ trình đề nghị khen thưởng", False),
    ("minutes", "Biên bản họp bình xét, suy tôn", False),
    ("vote_count", "Biên bản kiểm phiếu", False),
    ("achievement_report", "Báo cáo thành tích", True),
]


def ensure_default_checklist() -> int:
    """Put back the default checklist where it is missing (a fresh database is seeded by the
    migration; the demo calls this so a flushed test database has it too). Returns rows created."""
    created = 0
    for form in AwardForm.objects.filter(code__in=DEFAULT_CHECKLIST_FORMS):
        for position, (kind, title, per_nominee) in enumerate(DEFAULT_CHECKLIST, start=1):
            _row, new = DocumentRequirement.objects.get_or_create(
                award_form=form,
                kind=kind,
                authority="",
                defaults={"title": title, "per_nominee": per_nominee, "position": position},
            )
            created += new
    return created
