"""Writes for awards: one function per user action, each in one transaction.

Domain errors are `django.core.exceptions.ValidationError`s with Vietnamese-translatable
messages and a `code` (the constants below, which tests assert on). A rejected save writes
nothing: every check runs before the first write, and the transaction covers the rest.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards import selectors
from awards.models import (
    MAX_COUNT,
    MAX_ROWS,
    AwardForm,
    AwardRecord,
    PeriodEvent,
    Reminder,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from blocs import concurrency, dataversion
from blocs.historyrows import copy_to_history, insert_with_history
from blocs.models import Agency, Bloc, Membership, Movement, Province, User
from blocs.text import match_key, normalize_multiline, normalize_text

logger = logging.getLogger(__name__)

# --- Error codes (tests assert on these) -----------------------------------------------------

ERR_NEGATIVE = "negative"
ERR_TOO_LARGE = "too_large"
ERR_EMPTY_ROW = "empty_row"
ERR_NO_COLLECTIVES = "form_not_for_collectives"
ERR_NO_INDIVIDUALS = "form_not_for_individuals"
ERR_DUPLICATE = "duplicate_row"
ERR_DATE_OUTSIDE = "decision_date_outside_period"
ERR_TOO_LONG = "too_long"
ERR_BAD_STATUS = "bad_status"
ERR_MOVEMENT_PROVINCE = "movement_other_province"
ERR_STALE = concurrency.ERR_STALE
ERR_PERIOD_CLOSED = "period_closed"
ERR_NOT_EDITABLE = "not_editable"
ERR_WRONG_PROVINCE = "agency_other_province"
ERR_WRONG_STATE = "wrong_state"
ERR_REASON_REQUIRED = "reason_required"
ERR_PERIOD_EXISTS = "period_exists"
ERR_DATES_ORDER = "dates_order"
ERR_RECORDS_OUTSIDE = "records_outside_window"
ERR_ALREADY = "already"
ERR_TOO_MANY_ROWS = "too_many_rows"
ERR_WINDOW_YEAR = "window_outside_years"
ERR_ALREADY_DECIDED = "already_decided"
ERR_BLOC_NO_ROSTER = "bloc_no_roster"

# Rows per INSERT/UPDATE statement when records are written in bulk: a whole report (500
# rows, awards.models.MAX_ROWS) in one, within SQLite's limit on a statement's parameters.
BULK_BATCH = 500

LENGTHS = {"authority": 255, "decision_number": 100, "movement_name": 500}


@dataclass
class RecordRow:
    """One row of an agency's figures, as entered in the grid or read from a spreadsheet."""

    form: AwardForm
    authority: str = ""
    status: str = AwardRecord.Status.GRANTED
    collectives: int = 0
    individuals: int = 0
    decision_number: str = ""
    decision_date: datetime.date | None = None
    movement: Movement | None = None
    movement_name: str = ""
    note: str = ""

    def __post_init__(self):
        # Rows also come from spreadsheets and commands, not only from forms: normalised here
        # too, so the duplicate rule and the unique key see one spelling of each authority.
        self.authority = normalize_text(self.authority)
        self.decision_number = normalize_text(self.decision_number)
        self.movement_name = normalize_text(self.movement_name)
        self.note = normalize_multiline(self.note)
        self.collectives = self.collectives or 0
        self.individuals = self.individuals or 0

    @property
    def key(self) -> tuple:
        """What makes two rows the same record: NFC/NFD, zero-width, bidi-control, fullwidth
        and case variants of an authority are one authority."""
        return (self.form.id, match_key(self.authority), self.status)

    @classmethod
    def from_record(cls, record: AwardRecord) -> "RecordRow":
        return cls(**{f.name: getattr(record, f.name) for f in fields(cls)})


ROW_FIELDS = [f.name for f in fields(RecordRow)]
VALUE_FIELDS = [f for f in ROW_FIELDS if f not in ("form", "movement")]  # the row's own values


@dataclass(frozen=True)
class RowError:
    index: int  # 0-based position of the row in the list given
    field: str | None  # None: the row as a whole
    message: str
    code: str


class RowsInvalid(ValidationError):
    """Some rows break the rules; `row_errors` says which row and which field."""

    def __init__(self, row_errors: Sequence[RowError]):
        self.row_errors = list(row_errors)
        super().__init__(
            [
                ValidationError(_("Row %(n)d: %(message)s") % {"n": e.index + 1, "message": e.message}, code=e.code)
                for e in self.row_errors
            ]
        )


class StaleSubmission(concurrency.StaleEdit):
    """The submission was saved by someone else after the user loaded it; `changes` lists what.

    The grid's version is an integer (it travels in the Excel template) rather than a signed
    snapshot, but the refusal is the one ``StaleEdit`` every edit form raises and shows."""

    def __init__(self, *, yours: int, theirs: int, changes: list[str]):
        super().__init__(
            changes,
            _(
                "Someone else saved this report after you opened it (you had version %(yours)d, it is now "
                "version %(theirs)d). Nothing was saved; here is what changed."
            )
            % {"yours": yours, "theirs": theirs},
        )


def check_rows(
    *, period: ReportingPeriod, rows: Sequence[RecordRow], row_numbers: Sequence[int] | None = None
) -> list[RowError]:
    """Every rule a set of rows must satisfy, checked without writing anything. `row_numbers`
    are the numbers the user sees (spreadsheet rows), used when a message names another row."""
    errors: list[RowError] = []
    numbers = list(row_numbers) if row_numbers is not None else [i + 1 for i in range(len(rows))]

    def add(i, field, message, code):
        errors.append(RowError(i, field, message, code))

    seen: dict[tuple, int] = {}
    statuses = set(AwardRecord.Status.values)  # a list built on each access: once per call
    for i, row in enumerate(rows):
        form = row.form
        for name in ("collectives", "individuals"):
            value = getattr(row, name)
            if value < 0:
                add(i, name, _("A count cannot be negative."), ERR_NEGATIVE)
            elif value > MAX_COUNT:
                add(i, name, _("A count cannot exceed 1,000,000."), ERR_TOO_LARGE)
        if row.collectives <= 0 and row.individuals <= 0:
            add(i, None, _("Enter at least one collective or one individual."), ERR_EMPTY_ROW)
        if row.collectives > 0 and not form.allows_collectives:
            add(i, "collectives", _("“%(form)s” is not awarded to collectives.") % {"form": form}, ERR_NO_COLLECTIVES)
        if row.individuals > 0 and not form.allows_individuals:
            add(i, "individuals", _("“%(form)s” is not awarded to individuals.") % {"form": form}, ERR_NO_INDIVIDUALS)
        if row.status not in statuses:
            add(i, "status", _("Choose granted or proposed."), ERR_BAD_STATUS)
        for name, limit in LENGTHS.items():
            if len(getattr(row, name)) > limit:
                add(i, name, _("At most %(n)d characters.") % {"n": limit}, ERR_TOO_LONG)
        if row.decision_date and not (period.start_date <= row.decision_date <= period.end_date):
            add(
                i,
                "decision_date",
                _("The decision date must lie within the period, from %(start)s to %(end)s.")
                % {
                    "start": date_format(period.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(period.end_date, "SHORT_DATE_FORMAT"),
                },
                ERR_DATE_OUTSIDE,
            )
        if row.movement is not None and row.movement.province_id != period.province_id:
            add(i, "movement_name", _("This movement belongs to another province."), ERR_MOVEMENT_PROVINCE)
        if row.key in seen:
            add(
                i,
                None,
                _("Same award form, authority and status as row %(n)d: add the numbers into one row.")
                % {"n": numbers[seen[row.key]]},
                ERR_DUPLICATE,
            )
        else:
            seen[row.key] = i
    return errors


def describe_row(row: RecordRow) -> str:
    status = AwardRecord.Status(row.status).label
    authority = row.authority or _("authority not stated")
    return _("%(form)s — %(authority)s (%(status)s): %(c)d collectives, %(i)d individuals") % {
        "form": row.form,
        "authority": authority,
        "status": status,
        "c": row.collectives,
        "i": row.individuals,
    }


def describe_changes(before: Sequence[RecordRow], after: Sequence[RecordRow]) -> list[str]:
    """What differs between two sets of rows, in words a user can act on."""
    old = {r.key: r for r in before}
    new = {r.key: r for r in after}
    changes = []
    for key, row in new.items():
        if key not in old:
            changes.append(_("Added: %(row)s") % {"row": describe_row(row)})
        elif any(getattr(old[key], f) != getattr(row, f) for f in ROW_FIELDS if f != "form"):
            changes.append(_("Changed: %(old)s → %(new)s") % {"old": describe_row(old[key]), "new": describe_row(row)})
    for key, row in old.items():
        if key not in new:
            changes.append(_("Removed: %(row)s") % {"row": describe_row(row)})
    return changes


def _rows_at_version(submission: Submission, version: int) -> list[RecordRow]:
    """The submission's rows as they were when it reached `version`, rebuilt from the history."""
    if version <= 0:
        return []
    snapshot = submission.history.filter(version=version).order_by("-history_date").first()
    if snapshot is None:
        return []
    history = AwardRecord.history.filter(submission_id=submission.id, history_date__lte=snapshot.history_date).order_by(
        "id", "-history_date", "-history_id"
    )
    latest = {}
    for h in history:
        if h.source_item_id is None:  # rows of a decision are not the grid's
            latest.setdefault(h.id, h)
    forms = {f.id: f for f in AwardForm.objects.filter(id__in={h.form_id for h in latest.values()})}
    movements = {m.id: m for m in Movement.objects.filter(id__in={h.movement_id for h in latest.values()})}
    rows = []
    for h in latest.values():
        if h.history_type == "-":
            continue
        values = {f: getattr(h, f) for f in ROW_FIELDS if f not in ("form", "movement")}
        rows.append(RecordRow(form=forms[h.form_id], movement=movements.get(h.movement_id), **values))
    return rows


def _stale(submission: Submission, version: int) -> StaleSubmission:
    current = [RecordRow.from_record(r) for r in selectors.records_of(submission)]
    changes = describe_changes(_rows_at_version(submission, version), current)
    return StaleSubmission(yours=version, theirs=submission.version, changes=changes)


def _event(submission: Submission, from_state: str, to_state: str, actor, reason: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission, from_state=from_state, to_state=to_state, actor=actor, reason=reason
    )


def _by(obj, actor) -> None:
    """Name `actor` in the history of the object's next save (the audit trail then names the
    user outside a request too, e.g. `import_counts`)."""
    if actor is not None:
        obj._history_user = actor


def _write_records(submission: Submission, rows: Sequence[RecordRow], actor=None) -> None:
    """Make the submission's records equal to `rows`: delete, then update, then create, so the
    unique key is never held twice midway. Unchanged records are not touched (clean history).

    One statement per kind of change, each with its history rows copied by the database
    (`blocs.historyrows.copy_to_history`, one INSERT … SELECT): a 500-row upload was 1,000
    INSERTs, a record and its history row at a time, then 500 history instances built in
    Python (`bulk_create_with_history`), a third of the save. New records are inserted from
    their columns (`insert_with_history`), without 500 model instances. Deletions, rare, go one by one so that
    each leaves its "-" history row. `actor` names the user in the history; None leaves it to
    the request (HistoryRequestMiddleware), as a plain save does."""
    existing = {
        RecordRow.from_record(r).key: r
        for r in AwardRecord.objects.filter(submission=submission, source_item_id__isnull=True).select_related(
            "form", "movement"
        )
    }
    wanted = {row.key: row for row in rows}
    for key, record in existing.items():
        if key not in wanted:
            _by(record, actor)
            record.delete()
    changed_records, changed_fields, new_records = [], set(), []
    for key, row in wanted.items():
        record = existing.get(key)
        if record is None:
            # Columns, not instances (`insert_with_history`): building and preparing 500
            # AwardRecords was a quarter of the save.
            new_records.append(
                {
                    "submission_id": submission.pk,
                    "agency_id": submission.agency_id,
                    "bloc_id": submission.bloc_id,
                    "period_id": submission.period_id,
                    "form_id": row.form.pk,
                    "movement_id": row.movement.pk if row.movement else None,
                    **{f: getattr(row, f) for f in VALUE_FIELDS},
                }
            )
            continue
        changed = [f for f in ROW_FIELDS if getattr(record, f) != getattr(row, f)]
        if changed:
            for f in changed:
                setattr(record, f, getattr(row, f))
            changed_records.append(record)
            changed_fields.update(changed)
    if changed_records:
        # The union of the changed fields: a field written with its unchanged value is harmless.
        AwardRecord.objects.bulk_update(changed_records, sorted(changed_fields), batch_size=BULK_BATCH)
        copy_to_history(
            AwardRecord, [r.pk for r in changed_records], history_type="~", user=actor, instance=changed_records[0]
        )
    if new_records:
        insert_with_history(AwardRecord, new_records, user=actor)
    if changed_records or new_records:
        dataversion.bump()  # bulk writes send no signal


def _save(
    *,
    agency: Agency | None,
    bloc: Bloc | None,
    period: ReportingPeriod,
    rows: Sequence[RecordRow],
    version: int,
    actor,
    submit: bool,
):
    rows = list(rows)
    if (agency is None) == (bloc is None):
        raise TypeError("Give the agency or the bloc whose figures these are, not both.")
    if len(rows) > MAX_ROWS:  # the grid and the spreadsheet stop earlier; this holds for every caller
        raise ValidationError(_("A report holds at most %(num)d rows.") % {"num": MAX_ROWS}, code=ERR_TOO_MANY_ROWS)
    owner = agency or bloc
    if owner.province_id != period.province_id:
        raise ValidationError(_("This agency belongs to another province than the period."), code=ERR_WRONG_PROVINCE)
    if bloc is not None and not Membership.objects.filter(bloc=bloc, year=period.year).exists():
        raise ValidationError(
            _("%(bloc)s has no roster in %(year)d: its totals cannot be entered for this period.")
            % {"bloc": bloc, "year": period.year},
            code=ERR_BLOC_NO_ROSTER,
        )
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("The period is closed: its figures can no longer be changed."), code=ERR_PERIOD_CLOSED)
    whose = {"agency": agency} if agency is not None else {"bloc": bloc}
    submission = Submission.objects.select_for_update(of=("self",)).filter(period=period, **whose).first()
    if submission is not None and submission.state not in selectors.EDITABLE_STATES:
        raise ValidationError(
            _("This report is %(state)s and can no longer be changed.") % {"state": submission.get_state_display()},
            code=ERR_NOT_EDITABLE,
        )
    current_version = submission.version if submission else 0
    if version != current_version:
        if submission is None:  # a version from a page of a report that no longer exists
            raise concurrency.StaleEdit(
                [], _("This report was changed by someone else. Nothing was saved: reload the page.")
            )
        raise _stale(submission, version)
    errors = check_rows(period=period, rows=rows)
    if errors:
        raise RowsInvalid(errors)

    if submission is None:
        submission = Submission(period=period, state=Submission.State.DRAFT, updated_by=actor, **whose)
        _by(submission, actor)
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError as exc:  # another save created it between our read and our write
            raise concurrency.StaleEdit(
                [], _("Someone else started this report at the same time. Nothing was saved: reload the page.")
            ) from exc
        _event(submission, "", Submission.State.DRAFT, actor)
    _write_records(submission, rows, actor)

    from_state = submission.state
    to_state = Submission.State.SUBMITTED if submit else Submission.State.DRAFT
    submission.state = to_state
    submission.version = current_version + 1
    submission.updated_by = actor
    submission.entered_by = actor
    submission.entered_at = timezone.now()
    _by(submission, actor)
    update = ["state", "version", "updated_by", "updated_at", "entered_by", "entered_at"]
    if submit:
        submission.submitted_at = timezone.now()
        update.append("submitted_at")
    submission.save(update_fields=update)
    if from_state != to_state:
        _event(submission, from_state, to_state, actor)
    return submission


@transaction.atomic
def save_submission(
    *,
    agency: Agency | None = None,
    bloc: Bloc | None = None,
    period: ReportingPeriod,
    rows: Iterable[RecordRow],
    version: int,
    actor: User | None,
) -> Submission:
    """Save the agency's figures for the period as a draft (creating the submission if needed),
    or with `bloc` instead of `agency` the bloc's own totals ("Toàn khối": a source that gives
    only the bloc's figures; the bloc must have a roster that year). Who may call it is
    `selectors.can_enter_figures`; `actor` is kept as `updated_by`, so an entry by Home Affairs
    shows as made on the agency's behalf.

    `rows` replace the whole set of records. `version` is the submission version the user
    started from; if the submission has moved on since, nothing is saved and `StaleSubmission`
    lists the changes. A returned submission becomes a draft again."""
    return _save(agency=agency, bloc=bloc, period=period, rows=rows, version=version, actor=actor, submit=False)


@transaction.atomic
def submit_submission(
    *,
    agency: Agency | None = None,
    bloc: Bloc | None = None,
    period: ReportingPeriod,
    rows: Iterable[RecordRow],
    version: int,
    actor: User | None,
) -> Submission:
    """Save the figures and submit them for review, in one step (the grid's Submit button)."""
    return _save(agency=agency, bloc=bloc, period=period, rows=rows, version=version, actor=actor, submit=True)


def _locked(submission: Submission) -> Submission:
    locked = Submission.objects.select_for_update(of=("self",)).select_related("period").get(pk=submission.pk)
    return locked


@transaction.atomic
def accept_submission(*, submission: Submission, actor: User | None) -> Submission:
    """Home Affairs (or the bloc leader) accepts a submitted report; it becomes read-only."""
    submission = _locked(submission)
    if submission.state != Submission.State.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."), code=ERR_WRONG_STATE)
    from_state = submission.state
    submission.state = Submission.State.ACCEPTED
    submission.version += 1
    submission.updated_by = actor
    _by(submission, actor)
    submission.save(update_fields=["state", "version", "updated_by", "updated_at"])
    _event(submission, from_state, submission.state, actor)
    return submission


@transaction.atomic
def return_submission(*, submission: Submission, actor: User | None, reason: str) -> Submission:
    """Send a submitted (or accepted) report back to its agency with a reason; the agency edits
    it again. The period must be open, or the agency could not correct anything."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the report is returned."), code=ERR_REASON_REQUIRED)}
        )
    submission = _locked(submission)
    if submission.state not in selectors.SUBMITTED_STATES:
        raise ValidationError(_("Only a submitted or accepted report can be returned."), code=ERR_WRONG_STATE)
    if not submission.period.is_open:
        raise ValidationError(_("The period is closed: reopen it before returning a report."), code=ERR_PERIOD_CLOSED)
    from_state = submission.state
    submission.state = Submission.State.RETURNED
    submission.version += 1
    submission.updated_by = actor
    _by(submission, actor)
    submission.save(update_fields=["state", "version", "updated_by", "updated_at"])
    _event(submission, from_state, submission.state, actor, reason)
    return submission


# --- Awards decided by the province ----------------------------------------------------------


@dataclass(frozen=True)
class DecidedAward:
    """One granted item of a province's decision on a proposal dossier (proposals builds these)."""

    source_item_id: int
    agency: Agency
    form: AwardForm
    authority: str
    collectives: int
    individuals: int
    decision_number: str
    decision_date: datetime.date
    note: str = ""


@transaction.atomic
def record_decided_awards(
    *, province: Province, year: int, awards: Sequence[DecidedAward], actor: User | None
) -> list[AwardRecord]:
    """Write each granted item of a decision as a granted award record of its agency in the
    province's full-year period of `year` (opened with the default window if missing), linked to
    the item. The agency's report for the period is created as a draft if it has none. These
    rows count whatever the state of the report (the province decided them, see
    `awards.counting`) and are changed only through the decision. An item already recorded is
    refused (`ERR_ALREADY_DECIDED`); nothing is written then."""
    ids = [a.source_item_id for a in awards]
    if len(set(ids)) != len(ids) or AwardRecord.objects.filter(source_item_id__in=ids).exists():
        raise ValidationError(_("These awards were already recorded from a decision."), code=ERR_ALREADY_DECIDED)
    if not awards:
        return []
    period = ReportingPeriod.objects.filter(province=province, year=year, kind=ReportingPeriod.Kind.YEAR).first()
    if period is None:
        period = open_period(province=province, year=year, kind=ReportingPeriod.Kind.YEAR, actor=actor)
    submissions = {s.agency_id: s for s in Submission.objects.select_for_update(of=("self",)).filter(period=period)}
    records = []
    for award in awards:
        submission = submissions.get(award.agency.pk)
        if submission is None:
            submission = Submission(agency=award.agency, period=period, state=Submission.State.DRAFT, updated_by=actor)
            _by(submission, actor)
            submission.save()
            _event(submission, "", Submission.State.DRAFT, actor)
            submissions[award.agency.pk] = submission
        record = AwardRecord(
            submission=submission,
            agency=award.agency,
            period=period,
            form=award.form,
            authority=normalize_text(award.authority)[: LENGTHS["authority"]],
            status=AwardRecord.Status.GRANTED,
            collectives=award.collectives,
            individuals=award.individuals,
            decision_number=normalize_text(award.decision_number)[: LENGTHS["decision_number"]],
            decision_date=award.decision_date,
            note=award.note,
            source_item_id=award.source_item_id,
        )
        _by(record, actor)
        record.save(force_insert=True)
        records.append(record)
    return records


# --- Periods ---------------------------------------------------------------------------------


def default_window(year: int, kind: str) -> tuple[datetime.date, datetime.date]:
    """1/1–30/6 for the first half, 1/1–31/12 for the full year (a full-year period covers the
    whole year, see the README)."""
    end = datetime.date(year, 6, 30) if kind == ReportingPeriod.Kind.H1 else datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), end


def default_deadline(end_date: datetime.date) -> datetime.date:
    return end_date + datetime.timedelta(days=15)


def _check_dates(year: int, start_date, end_date, deadline):
    """A period's data window and deadline lie in its own year or the next (a full-year report
    is due in January): a window from 01/01/0001, or ending 31/12/9999, is a typo."""
    errors = {}
    first, last = datetime.date(year, 1, 1), datetime.date(year + 1, 12, 31)
    bounds = {"start": first.strftime("%d/%m/%Y"), "end": last.strftime("%d/%m/%Y")}
    for name, value in (("start_date", start_date), ("end_date", end_date), ("deadline", deadline)):
        if not first <= value <= last:
            errors[name] = ValidationError(
                _("Choose a date from %(start)s to %(end)s (the period's year or the next).") % bounds,
                code=ERR_WINDOW_YEAR,
            )
    if errors:
        raise ValidationError(errors)
    if end_date < start_date:
        errors["end_date"] = ValidationError(
            _("The end of the data window must not be before its start."), code=ERR_DATES_ORDER
        )
    if deadline < start_date:
        errors["deadline"] = ValidationError(
            _("The deadline must not be before the start of the data window."), code=ERR_DATES_ORDER
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_period(
    *,
    province: Province,
    year: int,
    kind: str,
    actor: User | None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    deadline: datetime.date | None = None,
    opened_on: datetime.date | None = None,
) -> ReportingPeriod:
    """Open a reporting period of the province (default window and a deadline 15 days after it).

    `opened_on` is today unless given (the demo data opens its periods on the day the sources
    date them). A period opened after its deadline is back-filled (`is_backfilled`)."""
    default_start, default_end = default_window(year, kind)
    start_date = start_date or default_start
    end_date = end_date or default_end
    if not deadline:
        _check_dates(year, start_date, end_date, end_date)  # before computing from end_date
        deadline = default_deadline(end_date)
    _check_dates(year, start_date, end_date, deadline)
    if ReportingPeriod.objects.filter(province=province, year=year, kind=kind).exists():
        raise ValidationError(_("This province already has this period."), code=ERR_PERIOD_EXISTS)
    period = ReportingPeriod(
        province=province,
        year=year,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        deadline=deadline,
        opened_on=opened_on or timezone.localdate(),
    )
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError as exc:
        raise ValidationError(_("This province already has this period."), code=ERR_PERIOD_EXISTS) from exc
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.OPENED, actor=actor)
    return period


@transaction.atomic
def update_period(
    *,
    period: ReportingPeriod,
    start_date: datetime.date,
    end_date: datetime.date,
    deadline: datetime.date,
    actor: User | None,
) -> ReportingPeriod:
    """Change the data window or the deadline; refused if recorded decisions would fall outside."""
    _check_dates(period.year, start_date, end_date, deadline)
    outside = (
        AwardRecord.objects.filter(period=period, decision_date__isnull=False, source_item_id__isnull=True)
        .exclude(decision_date__range=(start_date, end_date))
        .count()
    )
    if outside:
        raise ValidationError(
            _("%(n)d recorded decisions are dated outside this window; correct them first.") % {"n": outside},
            code=ERR_RECORDS_OUTSIDE,
        )
    period.start_date, period.end_date, period.deadline = start_date, end_date, deadline
    period.save(update_fields=["start_date", "end_date", "deadline"])
    return period


@transaction.atomic
def close_period(*, period: ReportingPeriod, actor: User | None) -> ReportingPeriod:
    """Close the period: every submission of it becomes read-only to officers."""
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("The period is already closed."), code=ERR_ALREADY)
    period.state = ReportingPeriod.State.CLOSED
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.CLOSED, actor=actor)
    return period


@transaction.atomic
def reopen_period(*, period: ReportingPeriod, actor: User | None, reason: str) -> ReportingPeriod:
    """Reopen a closed period; the reason is kept in the period's history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the period is reopened."), code=ERR_REASON_REQUIRED)}
        )
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if period.is_open:
        raise ValidationError(_("The period is already open."), code=ERR_ALREADY)
    period.state = ReportingPeriod.State.OPEN
    period.save(update_fields=["state"])
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.REOPENED, actor=actor, reason=reason)
    return period


# --- Reminders -------------------------------------------------------------------------------


def due_reminder(
    deadline: datetime.date, today: datetime.date, days_before: Iterable[int], days_after: Iterable[int]
) -> tuple[str, int] | None:
    """Which reminder is due today, if any: the latest threshold reached. Thresholds passed on
    a day the job did not run are not sent late on top of a newer one."""
    before = [n for n in days_before if deadline - datetime.timedelta(days=n) <= today <= deadline]
    if before:
        return Reminder.Kind.BEFORE, min(before)
    after = [n for n in days_after if n > 0 and today >= deadline + datetime.timedelta(days=n)]
    if after:
        return Reminder.Kind.AFTER, max(after)
    return None


def _recipients(agency: Agency) -> list[str]:
    emails = [
        u.email for u in User.objects.filter(agency=agency, role=User.Role.OFFICER, is_active=True).exclude(email="")
    ]
    if agency.email:
        emails.append(agency.email)
    return sorted(set(emails))


def _reminder_message(period: ReportingPeriod, agency: Agency, today: datetime.date) -> tuple[str, str]:
    days = (period.deadline - today).days
    deadline = date_format(period.deadline, "SHORT_DATE_FORMAT")
    subject = _("Reminder: award figures for %(period)s") % {"period": period}
    if days >= 0:
        when = _("The deadline is %(deadline)s (%(days)d days left).") % {"deadline": deadline, "days": days}
    else:
        when = _("The deadline was %(deadline)s (%(days)d days ago).") % {"deadline": deadline, "days": -days}
    if settings.SITE_URL:
        link = settings.SITE_URL + reverse("awards:grid", args=[period.pk, agency.pk])
        how = _("Please enter and submit them here: %(link)s") % {"link": link}
    else:
        how = _("Please log in to the emulation bloc manager, menu “Award figures”, enter and submit them.")
    body = "\n\n".join(
        [
            _("Dear emulation officer of %(agency)s,") % {"agency": agency},
            _("Your agency has not yet submitted its award figures for %(period)s (%(province)s). %(when)s")
            % {"period": period, "province": period.province, "when": when},
            how,
            _("Emulation and Commendation Division, Department of Home Affairs"),
        ]
    )
    return subject, body


def send_reminders(
    *, today: datetime.date | None = None, days_before: Iterable[int] = (3,), days_after: Iterable[int] = (1, 7)
) -> list[Reminder]:
    """E-mail the officers of every agency that has not submitted for an open period, when a
    reminder is due (N days before or after the deadline). Each reminder is recorded; the unique
    constraint on (period, agency, kind, days) means the same one is never sent twice, so the
    command is safe to run daily. Each e-mail is its own transaction: a failed send is retried
    on the next run."""
    today = today or timezone.localdate()
    days_before, days_after = list(days_before), list(days_after)
    sent = []
    periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).select_related("province")
    for period in periods:
        due = due_reminder(period.deadline, today, days_before, days_after)
        if due is None:
            continue
        kind, days = due
        already = set(Reminder.objects.filter(period=period, kind=kind, days=days).values_list("agency_id", flat=True))
        for agency in selectors.pending_agencies(period).exclude(id__in=already):
            recipients = _recipients(agency)
            if not recipients:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _reminder_message(period, agency, today)
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        period=period, agency=agency, kind=kind, days=days, recipients=", ".join(recipients)
                    )
                    send_mail(subject, body, None, recipients)
            except IntegrityError:  # a concurrent run recorded it first
                continue
            except OSError:  # the mail server refused or is down: nothing recorded, retried next run
                logger.exception("Reminder to %s for %s not sent", agency, period)
                continue
            sent.append(reminder)
    return sent
