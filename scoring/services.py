"""Writes for movements, the covenant, the scoring table and scores: one function per user action,
each in one transaction.

Domain errors are `django.core.exceptions.ValidationError` with Vietnamese-translatable messages
and codes (the `ERR_*` constants, which tests assert on), keyed by form field where one applies.
Score bounds are validated, never silently clamped: a score outside [0, maximum] is an error.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from blocs import dataversion
from blocs.models import Agency, Bloc, Membership, Movement, User
from scoring.models import (
    AdjustmentItem,
    AppliedAdjustment,
    Covenant,
    CovenantTarget,
    Criterion,
    Pledge,
    Score,
    ScoreGroup,
    ScoreSheet,
    ScoringTable,
)

ERR_TABLE_EXISTS = "table_exists"
ERR_TABLE_LOCKED = "table_locked"
ERR_FINALISED = "finalised"
ERR_NOT_MEMBER = "not_member"
ERR_OUT_OF_RANGE = "out_of_range"
ERR_WRONG_TABLE = "wrong_table"
ERR_SHEET_SUBMITTED = "sheet_submitted"
ERR_SHEET_NOT_SUBMITTED = "sheet_not_submitted"
ERR_SHEET_INCOMPLETE = "sheet_incomplete"
ERR_SELF_CROSS = "self_cross"
ERR_WRONG_METHOD = "wrong_method"
ERR_NOT_READY = "not_ready"
ERR_QUANTITY = "quantity"
ERR_WRONG_PROVINCE = "wrong_province"
ERR_NOT_IN_YEAR = "not_in_year"
ERR_NO_CRITERIA = "no_criteria"

MAX_QUANTITY = 100


def points_field(criterion_id) -> str:
    """Form field name of a criterion's points (services key their errors by it)."""
    return f"points_{criterion_id}"


def quantity_field(item_id) -> str:
    return f"quantity_{item_id}"


# --- Movements ---------------------------------------------------------------------------


@transaction.atomic
def save_movement(*, movement: Movement, year: int | None = None) -> Movement:
    """Create or update a movement. A bloc movement belongs to the bloc's province; when the
    page is for a bloc-year, its launch date must fall in that year (it is what makes the
    leader officer of that year its editor)."""
    if movement.bloc_id and movement.bloc.province_id != movement.province_id:
        raise ValidationError({"bloc": _("The bloc belongs to another province.")}, code=ERR_WRONG_PROVINCE)
    if year is not None and (movement.launch_date is None or movement.launch_date.year != year):
        raise ValidationError(
            {
                "launch_date": ValidationError(
                    _("The launch date must be in %(year)s.") % {"year": year}, code=ERR_NOT_IN_YEAR
                )
            }
        )
    movement.full_clean()
    movement.save()
    return movement


# --- Covenant ----------------------------------------------------------------------------


def _is_member(bloc: Bloc, year: int, agency: Agency) -> bool:
    return Membership.objects.filter(bloc=bloc, year=year, agency=agency).exists()


@transaction.atomic
def save_covenant(*, bloc: Bloc, year: int, title: str = "", signed_on: date | None = None, note: str = "") -> Covenant:
    """Create or update the covenant of a bloc-year (its header)."""
    covenant, _created = Covenant.objects.select_for_update(of=("self",)).get_or_create(bloc=bloc, year=year)
    covenant.title, covenant.signed_on, covenant.note = title, signed_on, note
    covenant.full_clean()
    covenant.save(update_fields=["title", "signed_on", "note"])
    return covenant


@transaction.atomic
def save_target(
    *,
    covenant: Covenant,
    target: CovenantTarget | None = None,
    text: str,
    target_value: Decimal | None = None,
    unit: str = "",
    position: int = 0,
) -> CovenantTarget:
    """Add a target to the covenant, or change one."""
    if target is None:
        target = CovenantTarget(covenant=covenant)
    elif target.covenant_id != covenant.id:
        raise ValidationError(_("This target belongs to another covenant."), code=ERR_WRONG_TABLE)
    target.text, target.target_value, target.unit, target.position = text, target_value, unit, position
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def delete_target(*, target: CovenantTarget) -> None:
    target.delete()


@transaction.atomic
def record_pledge(
    *,
    covenant: Covenant,
    agency: Agency,
    signed_on: date,
    signatory_name: str,
    signatory_title: str = "",
    file=None,
    note: str = "",
    user: User | None = None,
) -> Pledge:
    """Record (or correct) a member's signed pledge. Only members of the bloc-year sign."""
    if not _is_member(covenant.bloc, covenant.year, agency):
        raise ValidationError(
            _("%(agency)s is not a member of this bloc in %(year)s.") % {"agency": agency, "year": covenant.year},
            code=ERR_NOT_MEMBER,
        )
    pledge = Pledge.objects.select_for_update(of=("self",)).filter(covenant=covenant, agency=agency).first()
    if pledge is None:
        pledge = Pledge(covenant=covenant, agency=agency)
    pledge.signed_on, pledge.signatory_name, pledge.signatory_title = signed_on, signatory_name, signatory_title
    pledge.note, pledge.recorded_by = note, user
    if file:
        pledge.file = file
    pledge.full_clean()
    pledge.save()
    return pledge


# --- Scoring table -----------------------------------------------------------------------


def is_locked(table: ScoringTable) -> bool:
    """Scoring has started: any score saved locks the table's structure."""
    return Score.objects.filter(table=table).exists()


def _ensure_open(table: ScoringTable) -> None:
    if table.is_finalised:
        raise ValidationError(
            _("The scores of %(year)s are finalised and read-only.") % {"year": table.year}, code=ERR_FINALISED
        )


def _ensure_editable(table: ScoringTable) -> None:
    _ensure_open(table)
    if is_locked(table):
        raise ValidationError(
            _(
                "Scoring has started, so the scoring table is locked: "
                "its criteria, points and method can no longer change."
            ),
            code=ERR_TABLE_LOCKED,
        )


def previous_table(bloc: Bloc, year: int) -> ScoringTable | None:
    return ScoringTable.objects.filter(bloc=bloc, year__lt=year).order_by("-year").first()


@transaction.atomic
def create_table(*, bloc: Bloc, year: int, copy_previous: bool = True) -> ScoringTable:
    """Create the bloc's scoring table for `year`, by default as a copy of the latest earlier
    year's table (groups, criteria, bonus and penalty items, method), to be edited."""
    if ScoringTable.objects.filter(bloc=bloc, year=year).exists():
        raise ValidationError(
            _("The bloc already has a scoring table for %(year)s.") % {"year": year}, code=ERR_TABLE_EXISTS
        )
    source = previous_table(bloc, year) if copy_previous else None
    table = ScoringTable(
        bloc=bloc,
        year=year,
        title=_("Scoring table %(year)s") % {"year": year},
        method=source.method if source else ScoringTable.Method.LEADER,
        copied_from=source,
    )
    table.full_clean()
    table.save()
    if source is not None:
        for group in source.groups.prefetch_related("criteria"):
            new_group = ScoreGroup.objects.create(table=table, position=group.position, name=group.name)
            # With their history rows, so the copy shows in the bloc-year's history.
            bulk_create_with_history(
                [
                    Criterion(
                        group=new_group,
                        position=c.position,
                        name=c.name,
                        max_points=c.max_points,
                        auto_source=c.auto_source,
                        guidance=c.guidance,
                    )
                    for c in group.criteria.all()
                ],
                Criterion,
            )
        bulk_create_with_history(
            [
                AdjustmentItem(table=table, kind=i.kind, position=i.position, name=i.name, rule=i.rule, points=i.points)
                for i in source.adjustment_items.all()
            ],
            AdjustmentItem,
        )
        dataversion.bump()  # bulk writes send no signal
    return table


@transaction.atomic
def update_table_settings(*, table: ScoringTable, title: str, method: str) -> ScoringTable:
    """Change the title or the scoring method; the method is locked once scoring starts."""
    _ensure_open(table)
    if method != table.method:
        _ensure_editable(table)
    table.title, table.method = title, method
    table.full_clean()
    table.save(update_fields=["title", "method"])
    return table


@transaction.atomic
def save_group(*, table: ScoringTable, group: ScoreGroup | None = None, name: str, position: int = 0) -> ScoreGroup:
    _ensure_editable(table)
    if group is None:
        group = ScoreGroup(table=table)
    elif group.table_id != table.id:
        raise ValidationError(_("This group belongs to another table."), code=ERR_WRONG_TABLE)
    group.name, group.position = name, position
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def save_criterion(
    *,
    table: ScoringTable,
    group: ScoreGroup,
    criterion: Criterion | None = None,
    name: str,
    max_points: Decimal,
    auto_source: str = "",
    guidance: str = "",
    position: int = 0,
) -> Criterion:
    _ensure_editable(table)
    if group.table_id != table.id or (criterion is not None and criterion.group.table_id != table.id):
        raise ValidationError({"group": _("This group belongs to another table.")}, code=ERR_WRONG_TABLE)
    if criterion is None:
        criterion = Criterion()
    criterion.group = group
    criterion.name, criterion.max_points, criterion.auto_source = name, max_points, auto_source
    criterion.guidance, criterion.position = guidance, position
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def save_adjustment_item(
    *,
    table: ScoringTable,
    item: AdjustmentItem | None = None,
    kind: str,
    name: str,
    points: Decimal,
    rule: str = "",
    position: int = 0,
) -> AdjustmentItem:
    _ensure_editable(table)
    if item is None:
        item = AdjustmentItem(table=table)
    elif item.table_id != table.id:
        raise ValidationError(_("This item belongs to another table."), code=ERR_WRONG_TABLE)
    item.kind, item.name, item.points, item.rule, item.position = kind, name, points, rule, position
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def delete_table_row(*, table: ScoringTable, row: ScoreGroup | Criterion | AdjustmentItem) -> None:
    """Remove a group (with its criteria), a criterion or an item, while the table is unlocked."""
    _ensure_editable(table)
    row_table_id = row.group.table_id if isinstance(row, Criterion) else row.table_id
    if row_table_id != table.id:
        raise ValidationError(_("This row belongs to another table."), code=ERR_WRONG_TABLE)
    row.delete()


# --- Scores ------------------------------------------------------------------------------


@dataclass
class ScoreEntry:
    """One criterion's input: points (None = not scored), evidence notes, an optional file."""

    criterion: Criterion
    points: Decimal | None
    evidence: str = ""
    attachment: object = None


def _members(table: ScoringTable) -> set[int]:
    return set(Membership.objects.filter(bloc_id=table.bloc_id, year=table.year).values_list("agency_id", flat=True))


def _ensure_member(table: ScoringTable, agency: Agency, members: set[int] | None = None) -> None:
    if agency.id not in (members if members is not None else _members(table)):
        raise ValidationError(
            _("%(agency)s is not a member of this bloc in %(year)s.") % {"agency": agency, "year": table.year},
            code=ERR_NOT_MEMBER,
        )


def _sheet(table: ScoringTable, agency: Agency, *, lock: bool = True) -> ScoreSheet:
    qs = ScoreSheet.objects.select_for_update(of=("self",)) if lock else ScoreSheet.objects
    sheet, _created = qs.get_or_create(table=table, agency=agency)
    return sheet


def _validate_entries(table: ScoringTable, entries: Iterable[ScoreEntry]) -> list[ScoreEntry]:
    """Every criterion belongs to the table and every score lies in [0, maximum]; all errors at once."""
    entries = list(entries)
    table_criteria = set(Criterion.objects.filter(group__table=table).values_list("id", flat=True))
    errors: dict[str, list[ValidationError]] = {}
    for e in entries:
        if e.criterion.id not in table_criteria:
            errors.setdefault(points_field(e.criterion.id), []).append(
                ValidationError(_("This criterion belongs to another table."), code=ERR_WRONG_TABLE)
            )
        elif e.points is not None and not (0 <= e.points <= e.criterion.max_points):
            errors.setdefault(points_field(e.criterion.id), []).append(err_out_of_range(e.criterion))
    if errors:
        raise ValidationError(errors)
    return entries


def err_out_of_range(criterion: Criterion) -> ValidationError:
    return ValidationError(
        _("The score of “%(criterion)s” must be between 0 and %(max)s.")
        % {"criterion": criterion.name, "max": _fmt(criterion.max_points)},
        code=ERR_OUT_OF_RANGE,
    )


def _fmt(value: Decimal) -> str:
    return number_format(value.normalize())


def _write_scores(
    *, table: ScoringTable, agency: Agency, kind: str, scorer: Agency | None, entries: list[ScoreEntry], user
) -> None:
    existing = {
        s.criterion_id: s
        for s in Score.objects.select_for_update(of=("self",)).filter(
            table=table, agency=agency, kind=kind, scorer=scorer
        )
    }
    for e in entries:
        score = existing.get(e.criterion.id)
        if e.points is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(table=table, criterion=e.criterion, agency=agency, kind=kind, scorer=scorer)
        elif score.points == e.points and score.evidence == e.evidence and not e.attachment:
            continue  # unchanged: no audit entry
        score.points, score.evidence, score.updated_by = e.points, e.evidence, user
        score._history_user = user  # the audit trail names the user outside a request too
        if e.attachment:
            score.attachment = e.attachment
        score.save()


@transaction.atomic
def save_self_scores(*, table: ScoringTable, agency: Agency, entries: Iterable[ScoreEntry], user: User) -> ScoreSheet:
    """A member scores itself, with evidence notes and attachments, while its sheet is a draft."""
    _ensure_open(table)
    _ensure_member(table, agency)
    sheet = _sheet(table, agency)
    if sheet.state != ScoreSheet.State.DRAFT:
        raise ValidationError(
            _("The self-assessment was submitted and can no longer be changed."), code=ERR_SHEET_SUBMITTED
        )
    entries = _validate_entries(table, entries)
    _write_scores(table=table, agency=agency, kind=Score.Kind.SELF, scorer=None, entries=entries, user=user)
    return sheet


@transaction.atomic
def submit_sheet(*, table: ScoringTable, agency: Agency, user: User) -> ScoreSheet:
    """Submit a member's self-assessment: every criterion must be scored."""
    _ensure_open(table)
    _ensure_member(table, agency)
    sheet = _sheet(table, agency)
    if sheet.state != ScoreSheet.State.DRAFT:
        raise ValidationError(_("The self-assessment is already submitted."), code=ERR_SHEET_SUBMITTED)
    self_scored = Score.objects.filter(table=table, agency=agency, kind=Score.Kind.SELF).values("criterion_id")
    missing = list(
        Criterion.objects.filter(group__table=table).exclude(id__in=self_scored).values_list("name", flat=True)
    )
    if not Criterion.objects.filter(group__table=table).exists():
        raise ValidationError(_("The scoring table has no criteria yet."), code=ERR_NO_CRITERIA)
    if missing:
        raise ValidationError(
            _("Score every criterion before submitting. Not scored: %(names)s.") % {"names": "; ".join(missing)},
            code=ERR_SHEET_INCOMPLETE,
        )
    sheet.state, sheet.submitted_at, sheet.submitted_by = ScoreSheet.State.SUBMITTED, timezone.now(), user
    sheet._history_user = user
    sheet.save(update_fields=["state", "submitted_at", "submitted_by"])
    return sheet


@transaction.atomic
def return_sheet(*, table: ScoringTable, agency: Agency) -> ScoreSheet:
    """The leader (or Home Affairs) returns a submitted self-assessment to its agency for correction."""
    _ensure_open(table)
    sheet = _sheet(table, agency)
    if sheet.state != ScoreSheet.State.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be returned."), code=ERR_SHEET_NOT_SUBMITTED)
    sheet.state, sheet.submitted_at, sheet.submitted_by = ScoreSheet.State.DRAFT, None, None
    sheet.save(update_fields=["state", "submitted_at", "submitted_by"])
    return sheet


def _ensure_submitted(table: ScoringTable, agency: Agency) -> None:
    if not ScoreSheet.objects.filter(table=table, agency=agency, state=ScoreSheet.State.SUBMITTED).exists():
        raise ValidationError(
            _("%(agency)s has not submitted its self-assessment yet.") % {"agency": agency},
            code=ERR_SHEET_NOT_SUBMITTED,
        )


def _validate_quantities(table: ScoringTable, quantities: Mapping[AdjustmentItem, tuple[int, str]]) -> None:
    errors = {}
    for item, (quantity, _note) in quantities.items():
        if item.table_id != table.id:
            errors[quantity_field(item.id)] = ValidationError(
                _("This item belongs to another table."), code=ERR_WRONG_TABLE
            )
        elif not 0 <= quantity <= MAX_QUANTITY:
            errors[quantity_field(item.id)] = ValidationError(
                _("“%(item)s” is applied between 0 and %(n)d times.") % {"item": item.name, "n": MAX_QUANTITY},
                code=ERR_QUANTITY,
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_bloc_scores(
    *,
    table: ScoringTable,
    agency: Agency,
    entries: Iterable[ScoreEntry] = (),
    adjustments: Mapping[AdjustmentItem, tuple[int, str]] | None = None,
    user: User,
) -> None:
    """The bloc's score of a member: the leader's points per criterion (method "leader"; with
    "cross_average" the criteria come from the cross-scores and `entries` must be empty) and
    the bonus and penalty items applied to it (quantity 0 removes an item)."""
    _ensure_open(table)
    _ensure_member(table, agency)
    _ensure_submitted(table, agency)
    entries = list(entries)
    if entries and table.method != ScoringTable.Method.LEADER:
        raise ValidationError(
            _("In this bloc the criteria are scored as the average of the members' cross-scores."),
            code=ERR_WRONG_METHOD,
        )
    entries = _validate_entries(table, entries)
    adjustments = adjustments or {}
    _validate_quantities(table, adjustments)
    _write_scores(table=table, agency=agency, kind=Score.Kind.LEADER, scorer=None, entries=entries, user=user)
    existing = {
        a.item_id: a
        for a in AppliedAdjustment.objects.select_for_update(of=("self",)).filter(table=table, agency=agency)
    }
    for item, (quantity, note) in adjustments.items():
        applied = existing.get(item.id)
        if quantity == 0:
            if applied is not None:
                applied.delete()
            continue
        if applied is None:
            applied = AppliedAdjustment(table=table, item=item, agency=agency)
        elif (applied.quantity, applied.note) == (quantity, note):
            continue
        applied.quantity, applied.note, applied.updated_by = quantity, note, user
        applied._history_user = user
        applied.full_clean()
        applied.save()


@transaction.atomic
def save_cross_scores(
    *, table: ScoringTable, scorer: Agency, agency: Agency, entries: Iterable[ScoreEntry], user: User
) -> None:
    """A member scores another member (method "cross_average"); never itself."""
    _ensure_open(table)
    if table.method != ScoringTable.Method.CROSS_AVERAGE:
        raise ValidationError(_("In this bloc the leader scores the members."), code=ERR_WRONG_METHOD)
    if scorer.id == agency.id:
        raise ValidationError(_("A member cannot cross-score itself."), code=ERR_SELF_CROSS)
    members = _members(table)
    _ensure_member(table, scorer, members)
    _ensure_member(table, agency, members)
    _ensure_submitted(table, agency)
    entries = _validate_entries(table, entries)
    _write_scores(table=table, agency=agency, kind=Score.Kind.CROSS, scorer=scorer, entries=entries, user=user)


@transaction.atomic
def finalise(*, table: ScoringTable, user: User) -> ScoringTable:
    """Close the year's scoring: every member submitted and the bloc scored every criterion of
    every member. Afterwards everything is read-only and every member sees the ranking."""
    table = ScoringTable.objects.select_for_update(of=("self",)).get(pk=table.pk)
    _ensure_open(table)
    members = Membership.objects.filter(bloc_id=table.bloc_id, year=table.year).select_related("agency")
    agencies = {m.agency_id: m.agency for m in members}
    criteria = set(Criterion.objects.filter(group__table=table).values_list("id", flat=True))
    if not criteria:
        raise ValidationError(_("The scoring table has no criteria yet."), code=ERR_NO_CRITERIA)
    submitted = set(
        ScoreSheet.objects.filter(table=table, state=ScoreSheet.State.SUBMITTED).values_list("agency_id", flat=True)
    )
    bloc_kind = Score.Kind.LEADER if table.method == ScoringTable.Method.LEADER else Score.Kind.CROSS
    scored = set(Score.objects.filter(table=table, kind=bloc_kind).values_list("agency_id", "criterion_id").distinct())
    not_submitted = sorted(a.name for aid, a in agencies.items() if aid not in submitted)
    not_scored = sorted(a.name for aid, a in agencies.items() if any((aid, c) not in scored for c in criteria))
    problems = []
    if not_submitted:
        problems.append(_("Not yet submitted its self-assessment: %(names)s.") % {"names": "; ".join(not_submitted)})
    if not_scored:
        problems.append(
            _("Not yet scored by the bloc on every criterion: %(names)s.") % {"names": "; ".join(not_scored)}
        )
    if problems:
        raise ValidationError(" ".join(problems), code=ERR_NOT_READY)
    table.finalised_at, table.finalised_by = timezone.now(), user
    table._history_user = user
    table.save(update_fields=["finalised_at", "finalised_by"])
    for sheet in ScoreSheet.objects.filter(table=table):
        sheet.state = ScoreSheet.State.FINALISED
        sheet._history_user = user
        sheet.save(update_fields=["state"])  # one by one, so each change is in the history
    return table
