"""Writes for conferences: one function per user action, each in one transaction.

Domain errors are `django.core.exceptions.ValidationError`s with Vietnamese-translatable messages
keyed by form field and with an error `code` (the constants below, which tests assert on). On
any error nothing is written. The election changes next year's roster only through
`blocs.services.set_leadership`.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from awards.models import AwardForm
from blocs import dataversion
from blocs import services as bloc_services
from blocs.models import Agency, Bloc, Membership, Movement
from conferences.models import (
    YEAR_MAX,
    YEAR_MIN,
    AdoptedDocument,
    AgendaItem,
    AgreedMovement,
    Attachment,
    Attendance,
    Candidate,
    Conference,
    Election,
    Guest,
    LegalBasis,
    Task,
    Vote,
    award_label_for,
)

# --- Error codes (tests assert on these) ---------------------------------------------------
ERR_YEAR_RANGE = "year_out_of_range"
ERR_CONFERENCE_IN_USE = "conference_in_use"
ERR_DATE_OUT_OF_PERIOD = "date_out_of_period"
ERR_DUPLICATE_REVIEW = "duplicate_review"
ERR_WRONG_PROVINCE = "wrong_province"
ERR_ATTENDEE_NOT_MEMBER = "attendee_not_member"
ERR_DUPLICATE_ATTENDEE = "duplicate_attendee"
ERR_MOVEMENT_ELSEWHERE = "movement_elsewhere"

ERR_NEGATIVE = "negative_number"
ERR_INCOMPLETE_BALLOTS = "incomplete_ballots"
ERR_RETURNED_EXCEEDS_ISSUED = "returned_exceeds_issued"
ERR_VALID_INVALID_MISMATCH = "valid_invalid_mismatch"
ERR_VOTES_EXCEED_VALID = "votes_exceed_valid"
ERR_VOTES_WITHOUT_BALLOTS = "votes_without_ballots"
ERR_CANDIDATE_NOT_MEMBER = "candidate_not_member"
ERR_DUPLICATE_CANDIDATE = "duplicate_candidate"
ERR_NO_CANDIDATE = "no_candidate"

# The leadership rules (leader not a deputy, no deputy twice, at most the bloc's deputies, all
# members) and their codes are blocs.services' (`leadership_errors`).
ERR_NOT_ANNUAL_REVIEW = "not_annual_review"
ERR_OTHER_BLOC_NEXT_YEAR = "other_bloc_next_year"
ERR_NOT_IN_NEXT_ROSTER = "not_in_next_roster"
ERR_DECISION_NUMBER_REQUIRED = "decision_number_required"

ERR_FILE_TOO_LARGE = "file_too_large"
ERR_FILE_TYPE = "file_type"
ERR_FILE_EXTENSION = "file_extension"

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Magic bytes of the accepted types, with the extensions each may carry.
FILE_SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
]


class _Errors:
    """Collects field errors so that a form shows all of them at once."""

    def __init__(self):
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _member_ids(bloc: Bloc, year: int) -> set[int]:
    return set(Membership.objects.filter(bloc=bloc, year=year).values_list("agency_id", flat=True))


# --- Conference and its minutes ------------------------------------------------------------


def _check_agency_province(errors: _Errors, field: str, agency: Agency | None, bloc: Bloc) -> None:
    if agency is not None and agency.province_id != bloc.province_id:
        errors.add(field, _("%(agency)s belongs to another province.") % {"agency": agency}, ERR_WRONG_PROVINCE)


def _validate_conference(conference: Conference, errors: _Errors) -> None:
    bloc, year = conference.bloc, conference.year
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        errors.add("year", _("The year is out of range."), ERR_YEAR_RANGE)
        return
    if conference.date and conference.date.year not in (year, year + 1):
        errors.add(
            "date",
            _("The conference reviews %(year)s; its date must fall in %(year)s or early in %(next)s.")
            % {"year": year, "next": year + 1},
            ERR_DATE_OUT_OF_PERIOD,
        )
    for field in ("host_agency", "chair_agency", "secretary_agency"):
        _check_agency_province(errors, field, getattr(conference, field), bloc)
    if conference.kind in (Conference.Kind.SIX_MONTH, Conference.Kind.ANNUAL):
        clash = Conference.objects.filter(bloc=bloc, year=year, kind=conference.kind)
        if conference.pk:
            clash = clash.exclude(pk=conference.pk)
        if clash.exists():
            errors.add(
                "kind",
                _("This bloc already has a %(kind)s for %(year)s.")
                % {"kind": conference.get_kind_display().lower(), "year": year},
                ERR_DUPLICATE_REVIEW,
            )


def _bulk_create(model, objs, user=None) -> None:
    """Create rows in one query and record their creation in the history (bulk_create alone
    would leave them out); the user is the request's unless given."""
    objs = list(objs)
    if objs:
        bulk_create_with_history(objs, model, default_user=user)
        dataversion.bump()  # bulk writes send no signal


def _clean_rows(rows, required_key):
    """Drop empty rows (blank formset lines) and keep the order."""
    return [r for r in (rows or []) if r.get(required_key)]


def _with_user(obj, user):
    if user is not None:
        obj._history_user = user  # the audit trail names the user outside a request too
    return obj


def _save_changed(obj, new, fields: Sequence[str], user) -> None:
    """Copy `fields` (attnames) of `new` onto the stored row `obj`; write it only if one differs."""
    changed = [f for f in fields if getattr(obj, f) != getattr(new, f)]
    if changed:
        for f in changed:
            setattr(obj, f, getattr(new, f))
        _with_user(obj, user).save(update_fields=changed)


def _sync_rows(queryset, wanted, *, parent: str, key, pair_leftovers: bool, user=None) -> None:
    """Make the rows of `queryset` equal to `wanted` (unsaved rows, in order) and write only
    what changed: a stored row with the same `key` is updated in place when one of its fields
    differs, and left untouched (no history row) when none does; rows no longer wanted are
    deleted and new ones created. With `pair_leftovers`, an unmatched stored row takes the next
    unmatched wanted row in order (an edited line of text is a change of that line, not a
    deletion and a creation); without it (rows keyed by agency) they stay apart."""
    model = queryset.model
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name != parent]
    pool: dict = defaultdict(list)
    for obj in queryset.order_by("position", "id"):
        pool[key(obj)].append(obj)
    updates, unmatched = [], []
    for new in wanted:
        matches = pool.get(key(new))
        if matches:
            updates.append((matches.pop(0), new))
        else:
            unmatched.append(new)
    leftovers = sorted((obj for objs in pool.values() for obj in objs), key=lambda o: (o.position, o.id))
    if pair_leftovers:
        paired = min(len(leftovers), len(unmatched))
        updates += list(zip(leftovers[:paired], unmatched[:paired], strict=True))
        leftovers, unmatched = leftovers[paired:], unmatched[paired:]
    for obj in leftovers:  # first, so that no unique key is held by a row on its way out
        _with_user(obj, user).delete()
    for obj, new in updates:
        _save_changed(obj, new, fields, user)
    _bulk_create(model, unmatched, user)


@transaction.atomic
def save_minutes(
    *,
    conference: Conference,
    attendance: Sequence[dict] = (),
    guests: Sequence[dict] = (),
    agenda: Sequence[str] = (),
    documents: Sequence[str] = (),
    tasks: Sequence[dict] = (),
    movements: Sequence[dict] = (),
    legal_bases: Sequence[dict] = (),
    user=None,
) -> Conference:
    """Create or update a conference and make its lists (attendance, guests, agenda, documents
    adopted, tasks, agreed movements, guidance and legal basis) what is given, writing only what
    changed: rows are matched by agency (attendance) or by their text (the other lists), an
    unchanged row or conference is not written and leaves no history row.

    Rows are dicts: attendance {agency, attended (True, False or None: not recorded),
    representative_name, representative_title};
    guests {name, title, organisation}; tasks {text, responsible_agency}; movements {text,
    movement}; legal_bases {number, date, issuer, title}. Agenda and documents are strings."""
    errors = _Errors()
    if not conference.period_kind:
        conference.period_kind = {
            Conference.Kind.SIX_MONTH: Conference.PeriodKind.H1,
            Conference.Kind.ANNUAL: Conference.PeriodKind.YEAR,
        }.get(conference.kind, "")
    _validate_conference(conference, errors)
    bloc = conference.bloc

    attendance = _clean_rows(attendance, "agency")
    members = _member_ids(bloc, conference.year) if conference.year else set()
    seen: set[int] = set()
    for row in attendance:
        agency = row["agency"]
        if agency.id in seen:
            errors.add("attendance", _("%(agency)s is listed twice.") % {"agency": agency}, ERR_DUPLICATE_ATTENDEE)
        seen.add(agency.id)
        if agency.id not in members:
            errors.add(
                "attendance",
                _("%(agency)s is not a member of the bloc in %(year)s.") % {"agency": agency, "year": conference.year},
                ERR_ATTENDEE_NOT_MEMBER,
            )
    tasks = _clean_rows(tasks, "text")
    for row in tasks:
        _check_agency_province(errors, "tasks", row.get("responsible_agency"), bloc)
    movements = _clean_rows(movements, "text")
    for row in movements:
        movement: Movement | None = row.get("movement")
        if movement is not None and movement.province_id != bloc.province_id:
            errors.add("movements", _("The linked movement belongs to another province."), ERR_MOVEMENT_ELSEWHERE)
    errors.raise_if_any()

    _with_user(conference, user)
    if user is not None and conference.pk is None:
        conference.created_by = user
    conference.full_clean(exclude=["created_by"], validate_constraints=False)
    update_fields = None
    if conference.pk is not None:  # an unchanged conference is not written (no history row)
        stored = Conference.objects.get(pk=conference.pk)
        skipped = {"id", "created_at", "updated_at"}
        update_fields = [
            f.attname
            for f in Conference._meta.concrete_fields
            if f.name not in skipped and getattr(stored, f.attname) != getattr(conference, f.attname)
        ]
    try:
        with transaction.atomic():
            if update_fields is None:
                conference.save()
            elif update_fields:
                conference.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError as exc:  # a concurrent writer created the same review
        raise ValidationError(
            {"kind": ValidationError(_("This bloc already has this review for this year."), code=ERR_DUPLICATE_REVIEW)}
        ) from exc

    by_line = {"parent": "conference", "pair_leftovers": True, "user": user}
    _sync_rows(
        Attendance.objects.filter(conference=conference),
        [
            Attendance(
                conference=conference,
                agency=row["agency"],
                attended=row.get("attended"),  # None: not recorded
                representative_name=row.get("representative_name") or "",
                representative_title=row.get("representative_title") or "",
                position=i,
            )
            for i, row in enumerate(attendance)
        ],
        parent="conference",
        key=lambda r: r.agency_id,
        pair_leftovers=False,
        user=user,
    )
    _sync_rows(
        Guest.objects.filter(conference=conference),
        [
            Guest(
                conference=conference,
                name=row["name"],
                title=row.get("title") or "",
                organisation=row.get("organisation") or "",
                position=i,
            )
            for i, row in enumerate(_clean_rows(guests, "name"))
        ],
        key=lambda r: (r.name, r.organisation),
        **by_line,
    )
    _sync_rows(
        AgendaItem.objects.filter(conference=conference),
        [AgendaItem(conference=conference, text=text, position=i) for i, text in enumerate(t for t in agenda if t)],
        key=lambda r: r.text,
        **by_line,
    )
    _sync_rows(
        AdoptedDocument.objects.filter(conference=conference),
        [
            AdoptedDocument(conference=conference, title=text, position=i)
            for i, text in enumerate(t for t in documents if t)
        ],
        key=lambda r: r.title,
        **by_line,
    )
    _sync_rows(
        Task.objects.filter(conference=conference),
        [
            Task(conference=conference, text=row["text"], responsible_agency=row.get("responsible_agency"), position=i)
            for i, row in enumerate(tasks)
        ],
        key=lambda r: r.text,
        **by_line,
    )
    _sync_rows(
        AgreedMovement.objects.filter(conference=conference),
        [
            AgreedMovement(conference=conference, text=row["text"], movement=row.get("movement"), position=i)
            for i, row in enumerate(movements)
        ],
        key=lambda r: r.text,
        **by_line,
    )
    _sync_rows(
        LegalBasis.objects.filter(conference=conference),
        [
            LegalBasis(
                conference=conference,
                number=row["number"],
                date=row.get("date"),
                issuer=row.get("issuer") or "",
                title=row.get("title") or "",
                position=i,
            )
            for i, row in enumerate(_clean_rows(legal_bases, "number"))
        ],
        key=lambda r: r.number,
        **by_line,
    )
    return conference


@transaction.atomic
@transaction.atomic
def delete_conference(*, conference: Conference) -> None:
    """Delete a conference with its minutes, votes and files. An election it recorded stays in
    next year's roster (the roster is Home Affairs' to change). Refused (`ERR_CONFERENCE_IN_USE`)
    while something else rests on it, such as the proposal dossier built from its votes."""
    files = [a.file.name for a in conference.attachments.all()]
    storage = Attachment._meta.get_field("file").storage
    try:
        with transaction.atomic():
            conference.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "This conference cannot be deleted: a proposal dossier was built from its votes. "
                "Delete the dossier first."
            ),
            code=ERR_CONFERENCE_IN_USE,
        ) from exc
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


# --- Votes ----------------------------------------------------------------------------------


def validate_ballots(
    *,
    issued: int | None,
    returned: int | None,
    valid: int | None,
    invalid: int | None,
    candidate_votes: Sequence[int | None] = (),
) -> None:
    """The ballot-count arithmetic of the minutes (biên bản kiểm phiếu). Figures are all given
    or all left blank; each broken rule is its own error."""
    errors = _Errors()
    figures = {
        "ballots_issued": issued,
        "ballots_returned": returned,
        "ballots_valid": valid,
        "ballots_invalid": invalid,
    }
    for field, value in figures.items():
        if value is not None and value < 0:
            errors.add(field, _("A number of ballots cannot be negative."), ERR_NEGATIVE)
    if any(v is not None and v < 0 for v in candidate_votes):
        errors.add("candidates", _("A number of votes cannot be negative."), ERR_NEGATIVE)
    errors.raise_if_any()

    given = [v is not None for v in figures.values()]
    if any(given) and not all(given):
        errors.add(
            "__all__",
            _("Enter all four ballot figures (issued, returned, valid, invalid) or none of them."),
            ERR_INCOMPLETE_BALLOTS,
        )
        errors.raise_if_any()
    if all(given):
        if returned > issued:
            errors.add(
                "ballots_returned",
                _("%(returned)d ballots returned but only %(issued)d issued.")
                % {"returned": returned, "issued": issued},
                ERR_RETURNED_EXCEEDS_ISSUED,
            )
        if valid + invalid != returned:
            errors.add(
                "ballots_invalid",
                _("Valid (%(valid)d) and invalid (%(invalid)d) ballots must add up to the %(returned)d returned.")
                % {"valid": valid, "invalid": invalid, "returned": returned},
                ERR_VALID_INVALID_MISMATCH,
            )
        for v in candidate_votes:
            if v is not None and v > valid:
                errors.add(
                    "candidates",
                    _("A candidate cannot have more votes (%(votes)d) than there are valid ballots (%(valid)d).")
                    % {"votes": v, "valid": valid},
                    ERR_VOTES_EXCEED_VALID,
                )
    elif any(v is not None for v in candidate_votes):
        errors.add(
            "__all__",
            _("Votes per candidate need the ballot figures; without them, only tick who was elected."),
            ERR_VOTES_WITHOUT_BALLOTS,
        )
    errors.raise_if_any()


def wins(votes: int | None, valid: int | None, threshold_percent: int) -> bool:
    """More than `threshold_percent` percent of the valid ballots (50: a simple majority)."""
    if votes is None or not valid:
        return False
    return votes * 100 > threshold_percent * valid


@transaction.atomic
def save_vote(
    *,
    conference: Conference,
    vote: Vote | None = None,
    kind: str,
    award_form: AwardForm,
    authority: str = "",
    award_label: str = "",
    proposed_to: str = "",
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    ballots_valid: int | None = None,
    ballots_invalid: int | None = None,
    note: str = "",
    candidates: Sequence[dict],
) -> Vote:
    """Create or update a vote and make its candidates ({agency, votes, won}) what is given,
    matched by agency (an unchanged candidate is not written).

    With ballot figures, who won is computed with the bloc's threshold; without them, `won` is
    taken as the minutes record it."""
    candidates = [c for c in candidates if c.get("agency") is not None]
    validate_ballots(
        issued=ballots_issued,
        returned=ballots_returned,
        valid=ballots_valid,
        invalid=ballots_invalid,
        candidate_votes=[c.get("votes") for c in candidates],
    )
    errors = _Errors()
    if not candidates:
        errors.add("candidates", _("Enter at least one candidate."), ERR_NO_CANDIDATE)
    members = _member_ids(conference.bloc, conference.year)
    seen: set[int] = set()
    for c in candidates:
        agency = c["agency"]
        if agency.id in seen:
            errors.add("candidates", _("%(agency)s is entered twice.") % {"agency": agency}, ERR_DUPLICATE_CANDIDATE)
        seen.add(agency.id)
        if agency.id not in members:
            errors.add(
                "candidates",
                _("%(agency)s is not a member of the bloc in %(year)s.") % {"agency": agency, "year": conference.year},
                ERR_CANDIDATE_NOT_MEMBER,
            )
    errors.raise_if_any()

    if vote is None:
        vote = Vote(conference=conference, position=conference.votes.count())
    vote.kind = kind
    vote.award_form = award_form
    vote.authority = authority or ""
    vote.award_label = award_label or award_label_for(award_form, authority)
    vote.proposed_to = proposed_to or ""
    vote.ballots_issued, vote.ballots_returned = ballots_issued, ballots_returned
    vote.ballots_valid, vote.ballots_invalid = ballots_valid, ballots_invalid
    vote.threshold_percent = conference.bloc.vote_threshold_percent
    vote.note = note or ""
    vote.save()
    has_figures = ballots_valid is not None
    _sync_rows(
        Candidate.objects.filter(vote=vote),
        [
            Candidate(
                vote=vote,
                agency=c["agency"],
                votes=c.get("votes"),
                won=wins(c.get("votes"), ballots_valid, vote.threshold_percent) if has_figures else bool(c.get("won")),
                position=i,
            )
            for i, c in enumerate(candidates)
        ],
        parent="vote",
        key=lambda r: r.agency_id,
        pair_leftovers=False,
    )
    return vote


@transaction.atomic
def delete_vote(*, vote: Vote) -> None:
    vote.delete()


# --- Election -------------------------------------------------------------------------------


@transaction.atomic
def record_election(
    *,
    conference: Conference,
    leader: Agency,
    deputies: Sequence[Agency] = (),
    method: str = Election.Method.ELECTION,
    decision_number: str = "",
    decision_date: date | None = None,
) -> Election:
    """Record next year's leader and deputies chosen at an annual review and set them in next
    year's roster (created from this year's if there is none), with the conference (or the
    appointing decision) as the source of the roles. Re-recording replaces the previous choice."""
    errors = _Errors()
    bloc, year = conference.bloc, conference.year
    next_year = year + 1
    deputies = list(deputies)
    if conference.kind != Conference.Kind.ANNUAL:
        errors.add("__all__", _("Only an annual review elects next year's leadership."), ERR_NOT_ANNUAL_REVIEW)
        errors.raise_if_any()
    if method == Election.Method.DECISION and not decision_number:
        errors.add("decision_number", _("Enter the number of the appointing decision."), ERR_DECISION_NUMBER_REQUIRED)
    members = _member_ids(bloc, year)
    leadership = bloc_services.leadership_errors(
        bloc=bloc, year=next_year, leader=leader, deputies=deputies, member_ids=members, members_year=year
    )
    for field, field_errors in leadership.items():
        errors.errors.setdefault(field, []).extend(field_errors)
    # Beyond the leadership rules: an elected member must be free to join next year's roster.
    next_roster = _member_ids(bloc, next_year)
    elected = [("leader", leader)] + [("deputies", d) for d in deputies]
    elsewhere = dict(
        Membership.objects.filter(agency_id__in=[a.id for _f, a in elected], year=next_year)
        .exclude(bloc=bloc)
        .values_list("agency_id", "bloc__name")
    )
    for field, agency in elected:
        if agency.id not in members:
            continue  # already refused by the leadership rules
        if agency.id in elsewhere:
            errors.add(
                field,
                _("%(agency)s is already in “%(bloc)s” in %(year)s.")
                % {"agency": agency, "bloc": elsewhere[agency.id], "year": next_year},
                ERR_OTHER_BLOC_NEXT_YEAR,
            )
        elif next_roster and agency.id not in next_roster:
            errors.add(
                field,
                _("%(agency)s is not in the bloc's roster of %(year)s; add it to that roster first.")
                % {"agency": agency, "year": next_year},
                ERR_NOT_IN_NEXT_ROSTER,
            )
    errors.raise_if_any()

    election = Election.objects.filter(conference=conference).first() or Election(conference=conference)
    election.for_year = next_year
    election.method = method
    election.leader = leader
    election.deputy_1, election.deputy_2, election.deputy_3 = ([*deputies, None, None, None])[:3]
    election.decision_number = decision_number if method == Election.Method.DECISION else ""
    election.decision_date = decision_date if method == Election.Method.DECISION else None
    election.save()
    bloc_services.set_leadership(
        bloc=bloc,
        year=next_year,
        leader=leader,
        deputies=deputies,
        source=Membership.Source.DECISION if method == Election.Method.DECISION else Membership.Source.ELECTION,
        source_reference=election.source_reference,
        source_date=election.source_date,
    )
    return election


# --- Attachments ----------------------------------------------------------------------------


def sniff_file(upload) -> tuple[str, str]:
    """(content type, file extension) of an upload, judged by its first bytes and its name.

    Raises ValidationError when the size, the content or the name does not fit."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": ValidationError(_("The file is larger than 10 MB."), code=ERR_FILE_TOO_LARGE)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = PurePath(upload.name or "").suffix.lower()
    for magic, content_type, extensions in FILE_SIGNATURES:
        if head.startswith(magic):
            if extension not in extensions:
                raise ValidationError(
                    {
                        "file": ValidationError(
                            _("The file name does not match its content (expected %(ext)s).")
                            % {"ext": ", ".join(sorted(extensions))},
                            code=ERR_FILE_EXTENSION,
                        )
                    }
                )
            return content_type, extension
    raise ValidationError(
        {"file": ValidationError(_("Only PDF, JPEG and PNG files are accepted."), code=ERR_FILE_TYPE)}
    )


@transaction.atomic
def add_attachment(*, conference: Conference, upload, kind: str, description: str = "", user=None) -> Attachment:
    """Store a scan or photo of the conference under MEDIA_ROOT with a random name."""
    content_type, extension = sniff_file(upload)
    original = PurePath(upload.name).name[:255]
    attachment = Attachment(
        conference=conference,
        kind=kind,
        original_name=original,
        content_type=content_type,
        size=upload.size,
        description=description or "",
        uploaded_by=user,
    )
    attachment.full_clean(exclude=["file", "uploaded_by"])
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
