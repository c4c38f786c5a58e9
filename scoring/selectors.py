"""Reads for movements, the covenant, the scoring table, score sheets, proposals and the ranking.

`ranking(bloc=..., year=...)` is the public entry point the reports app uses for the annual
report; it returns plain rows ordered by rank. Aggregation happens in the database; the only
Python arithmetic is on already-aggregated rows (members × criteria at most).

Ranking rule (documented in the README and on the page):
  total = Σ bloc criterion points + Σ bonus − Σ penalty, where a criterion's bloc points are the
  leader's score, or (method "cross_average") the average of the members' cross-scores rounded
  half-up to 0.01. Ties on the total are broken by, in order: the higher sum of criterion
  points (before bonus and penalty), the fewer penalty points, then the agency name in
  Vietnamese alphabetical order. Ranks are therefore always distinct; a row whose total equals
  a neighbour's is flagged `tie_broken`. A member the bloc has not scored at all (no criterion
  point, no bonus or penalty) is not ranked: its rank is None, shown as "not scored yet", and it
  comes after the ranked members.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import counting
from awards.models import AwardRecord, ReportingPeriod, Submission
from blocs import selectors as bloc_selectors
from blocs.access import BlocAccess, access_for, bloc_years_as_member
from blocs.concurrency import Snapshot, instance_snapshot, rows_snapshot, shown
from blocs.history import HistoryEntry, history_entries, labelled
from blocs.models import Agency, Bloc, Membership, Movement, Province, User
from blocs.text import vn_sort_key
from conferences import selectors as conference_selectors
from conferences.models import Attendance, Conference, Vote
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

CENT = Decimal("0.01")
ZERO = Decimal("0")

TIE_BREAK_RULE = gettext_lazy(
    "Equal totals are ranked by the higher sum of criterion points before bonus and penalty, "
    "then by fewer penalty points, then by agency name in alphabetical order."
)


def fmt_points(value: Decimal | None) -> str:
    """Points as the user reads them: 7,5 / 10 (no trailing zeros), in the active locale."""
    if value is None:
        return ""
    return number_format(value.normalize())


# --- Scope --------------------------------------------------------------------------------


# The bloc-year as seen by the user is a `blocs.access.BlocAccess` (built with its roster by
# `bloc_access(user, pk, year, with_roster=True)`); the pages call it `ctx`.


# --- Movements ----------------------------------------------------------------------------


def movements_for_bloc_year(bloc: Bloc, year: int) -> QuerySet[Movement]:
    """The bloc's movements launched in `year` and the province's own movements of that year
    (movements without a launch date are listed too, so that none is lost)."""
    in_year = Q(launch_date__year=year) | Q(launch_date__isnull=True)
    return (
        Movement.objects.filter(in_year)
        .filter(Q(bloc=bloc) | Q(bloc__isnull=True, province_id=bloc.province_id))
        .select_related("bloc", "province")
        .order_by("launch_date", "name")
    )


def movements_for_province(province: Province, year: int | None = None) -> QuerySet[Movement]:
    qs = Movement.objects.filter(province=province).select_related("bloc", "province")
    if year:
        qs = qs.filter(Q(launch_date__year=year) | Q(launch_date__isnull=True))
    return qs.order_by("-launch_date", "name")


def movement_for_user(user: User, pk) -> Movement:
    ids = bloc_selectors.visible_province_ids(user)
    qs = Movement.objects.select_related("bloc", "province")
    if ids is not None:
        qs = qs.filter(province_id__in=ids)
    return get_object_or_404(qs, pk=pk)


def can_manage_movement(user: User, movement: Movement) -> bool:
    """Home Affairs of the province, or the officer of the agency leading the movement's bloc in
    the year the movement was launched."""
    if bloc_selectors.can_manage_province(user, movement.province_id):
        return True
    if movement.bloc_id and movement.launch_date:
        return access_for(user, movement.bloc, movement.launch_date.year).leads
    return False


# --- Covenant -----------------------------------------------------------------------------


@dataclass
class CovenantView:
    covenant: Covenant | None
    targets: list
    pledges: list[Pledge]
    unsigned: list[Agency]


def covenant_view(ctx: BlocAccess) -> CovenantView:
    """The covenant with its targets, the pledges and the members that have not signed: 3 queries."""
    covenant = Covenant.objects.filter(bloc=ctx.bloc, year=ctx.year).first()
    if covenant is None:
        return CovenantView(None, [], [], ctx.agencies)
    targets = list(covenant.targets.all())
    pledges = list(covenant.pledges.select_related("agency"))
    signed = {p.agency_id for p in pledges}
    pledges.sort(key=lambda p: vn_sort_key(p.agency.name))
    unsigned = sorted((a for a in ctx.agencies if a.id not in signed), key=lambda a: vn_sort_key(a.name))
    return CovenantView(covenant, targets, pledges, unsigned)


def pledge_for_user(user: User, pk) -> Pledge:
    ids = bloc_selectors.visible_province_ids(user)
    qs = Pledge.objects.select_related("covenant__bloc", "agency")
    if ids is not None:
        qs = qs.filter(covenant__bloc__province_id__in=ids)
    return get_object_or_404(qs, pk=pk)


# --- Scoring table ------------------------------------------------------------------------


def table_for(bloc: Bloc, year: int) -> ScoringTable | None:
    table = ScoringTable.objects.filter(bloc=bloc, year=year).first()
    if table is not None:
        table.bloc = bloc  # already loaded: spare the query
    return table


@dataclass
class TableStructure:
    table: ScoringTable
    groups: list[ScoreGroup]
    bonus_items: list[AdjustmentItem]
    penalty_items: list[AdjustmentItem]
    total_max: Decimal
    locked: bool

    @property
    def criteria(self) -> list[Criterion]:
        return [c for g in self.groups for c in g.criteria.all()]

    @property
    def items(self) -> list[AdjustmentItem]:
        return self.bonus_items + self.penalty_items


def table_structure(table: ScoringTable) -> TableStructure:
    """Groups → criteria, the bonus and penalty items, the total maximum: 4 queries."""
    groups = list(
        table.groups.prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")))
    )
    items = list(table.adjustment_items.all())
    total_max = sum((c.max_points for g in groups for c in g.criteria.all()), ZERO)
    return TableStructure(
        table=table,
        groups=groups,
        bonus_items=[i for i in items if i.kind == AdjustmentItem.Kind.BONUS],
        penalty_items=[i for i in items if i.kind == AdjustmentItem.Kind.PENALTY],
        total_max=total_max,
        locked=Score.objects.filter(table=table).exists(),
    )


# --- Automatic criteria -------------------------------------------------------------------


@dataclass
class Proposal:
    """Points the system proposes for a criterion from data already entered, and why."""

    points: Decimal | None
    sources: list[str] = field(default_factory=list)


def _scaled(max_points: Decimal, part, whole) -> Decimal:
    if not whole:
        return ZERO
    return (max_points * Decimal(part) / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _report_on_time(bloc: Bloc, year: int, agency_ids: set[int]) -> dict[int, tuple[int, int, list[str]]]:
    """Per agency: (reports on time, reports due, lines). A report is on time when it was
    submitted (state submitted or accepted) on or before the period's deadline (local date).
    A period whose deadline is still ahead and has no submission is not counted yet."""
    periods = list(ReportingPeriod.objects.filter(province_id=bloc.province_id, year=year).order_by("kind"))
    submissions = {
        (s.agency_id, s.period_id): s
        for s in Submission.objects.filter(period__in=periods, agency_id__in=agency_ids).only(
            "agency_id", "period_id", "state", "submitted_at"
        )
    }
    today = timezone.localdate()
    labels = {
        ReportingPeriod.Kind.H1: _("Six-month report %(year)s") % {"year": year},
        ReportingPeriod.Kind.YEAR: _("Annual report %(year)s") % {"year": year},
    }
    result = {}
    for agency_id in agency_ids:
        on_time = due = 0
        lines = []
        for period in periods:
            sub = submissions.get((agency_id, period.id))
            submitted_on = (
                timezone.localdate(sub.submitted_at)
                if sub and sub.state in counting.SUBMITTED_STATES and sub.submitted_at
                else None
            )
            deadline = date_format(period.deadline, "SHORT_DATE_FORMAT")
            label = labels.get(period.kind, str(period))
            if submitted_on is None:
                if period.deadline >= today:
                    lines.append(
                        _("%(period)s: not submitted yet, deadline %(deadline)s (not counted).")
                        % {"period": label, "deadline": deadline}
                    )
                    continue
                due += 1
                lines.append(
                    _("%(period)s: not submitted, deadline %(deadline)s.") % {"period": label, "deadline": deadline}
                )
                continue
            due += 1
            values = {"period": label, "date": date_format(submitted_on, "SHORT_DATE_FORMAT"), "deadline": deadline}
            if submitted_on <= period.deadline:
                on_time += 1
                lines.append(_("%(period)s: submitted on %(date)s, deadline %(deadline)s: on time.") % values)
            else:
                lines.append(_("%(period)s: submitted on %(date)s, deadline %(deadline)s: late.") % values)
        if not periods:
            lines.append(_("No reporting period of %(year)s in the province.") % {"year": year})
        result[agency_id] = (on_time, due, lines)
    return result


def _awards_count(bloc: Bloc, year: int, agency_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Per agency: (collectives, individuals) granted in the year, by the counting rule of
    `awards.counting`: the full-year period (which covers the whole year), submitted or
    accepted reports. One query."""
    rows = counting.award_totals(
        province_id=bloc.province_id,
        kind=ReportingPeriod.Kind.YEAR,
        year=year,
        scope=counting.SCOPE_SUBMITTED,
        statuses=[AwardRecord.Status.GRANTED],
        agencies=list(agency_ids),
    )
    return {agency_id: (c, i) for agency_id, c, i in rows}


def _conferences_attended(bloc: Bloc, year: int, agency_ids: set[int]) -> dict[int, tuple[int, int, list[str]]]:
    """Per agency: (conferences attended, conferences counted, lines), from the conferences the
    bloc held for `year` (the year reviewed).

    The rule: a conference counts for an agency only when the minutes record that agency as
    present (attended, counted) or absent (counted, not attended). "Not recorded" (the default
    when the source does not say, or no attendance row for the agency) is neither: the
    conference is listed and left out of that agency's count, so nobody loses or gains points
    for what the minutes do not state."""
    held = list(Conference.objects.filter(bloc=bloc, year=year).order_by(F("date").asc(nulls_last=True), "id"))
    rows = list(
        Attendance.objects.filter(conference__in=held, attended__isnull=False).values_list(
            "conference_id", "agency_id", "attended"
        )
    )
    recorded = {(agency_id, conference_id) for conference_id, agency_id, _attended in rows}
    present = {(agency_id, conference_id) for conference_id, agency_id, attended in rows if attended}
    result = {}
    for agency_id in agency_ids:
        lines = []
        attended = counted = 0
        for conf in held:
            values = {
                "conference": conf.display_title,
                "date": date_format(conf.date, "SHORT_DATE_FORMAT") if conf.date else "—",
            }
            if (agency_id, conf.id) not in recorded:
                lines.append(_("%(conference)s (%(date)s): attendance not recorded (not counted).") % values)
                continue
            counted += 1
            if (agency_id, conf.id) in present:
                attended += 1
                lines.append(_("%(conference)s (%(date)s): attended.") % values)
            else:
                lines.append(_("%(conference)s (%(date)s): absent.") % values)
        if not held:
            lines.append(_("No bloc conference recorded for %(year)s.") % {"year": year})
        result[agency_id] = (attended, counted, lines)
    return result


def proposals(table: ScoringTable, criteria: list[Criterion], agency_ids: set[int]) -> dict[tuple[int, int], Proposal]:
    """Proposed points per (criterion id, agency id) for the table's automatic criteria.

    report_on_time: maximum × reports on time / reports due (no report due: nothing proposed).
    awards_count: maximum × the agency's granted awards (lượt) / the most granted by any member.
    conference_attended: maximum × conferences attended / the bloc's conferences in the year whose
    minutes record the agency present or absent ("not recorded" counts neither way).
    All rounded half-up to 0.01. At most one query per kind of source used."""
    sources = {c.auto_source for c in criteria if c.auto_source}
    result: dict[tuple[int, int], Proposal] = {}
    if not sources or not agency_ids:
        return result
    bloc, year = table.bloc, table.year
    on_time = _report_on_time(bloc, year, agency_ids) if Criterion.AutoSource.REPORT_ON_TIME in sources else {}
    awards: dict[int, tuple[int, int]] = {}
    if Criterion.AutoSource.AWARDS_COUNT in sources:
        # the scale is the bloc's best, so every member is counted even for one agency's sheet
        awards = _awards_count(bloc, year, _member_ids(table))
    best = max((c + i for c, i in awards.values()), default=0)
    attended = (
        _conferences_attended(bloc, year, agency_ids) if Criterion.AutoSource.CONFERENCE_ATTENDED in sources else None
    )
    for c in criteria:
        for agency_id in agency_ids:
            if c.auto_source == Criterion.AutoSource.REPORT_ON_TIME:
                n_on_time, n_due, lines = on_time[agency_id]
                points = _scaled(c.max_points, n_on_time, n_due) if n_due else None
                result[(c.id, agency_id)] = Proposal(points, lines)
            elif c.auto_source == Criterion.AutoSource.AWARDS_COUNT:
                col, ind = awards.get(agency_id, (0, 0))
                line = _(
                    "Granted in %(year)s (full-year report): %(c)d collectives, %(i)d individuals; "
                    "the most in the bloc: %(best)d."
                ) % {"year": year, "c": col, "i": ind, "best": best}
                result[(c.id, agency_id)] = Proposal(_scaled(c.max_points, col + ind, best), [line])
            elif c.auto_source == Criterion.AutoSource.CONFERENCE_ATTENDED:
                if attended is None:
                    result[(c.id, agency_id)] = Proposal(None, [_("Conference attendance is not recorded yet.")])
                else:
                    n_att, n_held, lines = attended[agency_id]
                    points = _scaled(c.max_points, n_att, n_held) if n_held else None
                    result[(c.id, agency_id)] = Proposal(points, lines)
    return result


def _member_ids(table: ScoringTable) -> set[int]:
    return set(Membership.objects.filter(bloc_id=table.bloc_id, year=table.year).values_list("agency_id", flat=True))


# --- Score sheets -------------------------------------------------------------------------


@dataclass
class CriterionRow:
    group: ScoreGroup
    criterion: Criterion
    self_score: Score | None = None
    leader_score: Score | None = None
    cross_scores: list[Score] = field(default_factory=list)
    my_cross: Score | None = None
    proposal: Proposal | None = None

    @property
    def cross_average(self) -> Decimal | None:
        if not self.cross_scores:
            return None
        return (sum((s.points for s in self.cross_scores), ZERO) / len(self.cross_scores)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )


def sheet(
    table: ScoringTable, structure: TableStructure, agency: Agency, *, scorer_id: int | None = None
) -> list[CriterionRow]:
    """One row per criterion for `agency`: its self-score, the leader's score, the cross-scores
    (and, with `scorer_id`, that member's own cross-score) and the proposal. 1 query + proposals."""
    rows = {c.id: CriterionRow(group=g, criterion=c) for g in structure.groups for c in g.criteria.all()}
    for s in Score.objects.filter(table=table, agency=agency).select_related("scorer").order_by("scorer__name"):
        row = rows.get(s.criterion_id)
        if row is None:
            continue
        if s.kind == Score.Kind.SELF:
            row.self_score = s
        elif s.kind == Score.Kind.LEADER:
            row.leader_score = s
        else:
            row.cross_scores.append(s)
            if s.scorer_id == scorer_id:
                row.my_cross = s
    for (criterion_id, _agency_id), proposal in proposals(table, structure.criteria, {agency.id}).items():
        rows[criterion_id].proposal = proposal
    return list(rows.values())


def applied_adjustments(table: ScoringTable, agency: Agency) -> dict[int, AppliedAdjustment]:
    return {a.item_id: a for a in AppliedAdjustment.objects.filter(table=table, agency=agency)}


def sheets_by_agency(table: ScoringTable) -> dict[int, ScoreSheet]:
    return {s.agency_id: s for s in ScoreSheet.objects.filter(table=table)}


def score_history(table: ScoringTable, agency: Agency, *, limit: int = 50) -> list:
    """The audit trail of the agency's scores and adjustments in this table, newest first."""
    scores = list(
        Score.history.filter(table_id=table.id, agency_id=agency.id)
        .select_related("history_user", "criterion", "scorer")
        .order_by("-history_date")[:limit]
    )
    return scores


def score_for_user(user: User, pk) -> Score:
    ids = bloc_selectors.visible_province_ids(user)
    qs = Score.objects.select_related("table__bloc", "agency")
    if ids is not None:
        qs = qs.filter(table__bloc__province_id__in=ids)
    return get_object_or_404(qs, pk=pk)


# --- Ranking ------------------------------------------------------------------------------


@dataclass
class RankingRow:
    agency: Agency
    role: str
    self_total: Decimal | None
    criteria_total: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    scored_criteria: int
    criteria_count: int
    finalised: bool
    sheet_state: str = ScoreSheet.State.DRAFT
    rank: int | None = None  # None: not scored by the bloc yet, so not ranked
    tie_broken: bool = False
    votes: list["VoteCell"] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.criteria_count > 0 and self.scored_criteria == self.criteria_count

    @property
    def scored(self) -> bool:
        """The bloc has given this member any points at all (a criterion, a bonus, a penalty)."""
        return self.scored_criteria > 0 or bool(self.bonus) or bool(self.penalty)

    @property
    def rank_label(self) -> str:
        return str(self.rank) if self.rank is not None else str(_("not scored yet"))

    @property
    def sheet_state_label(self) -> str:
        return ScoreSheet.State(self.sheet_state).label


def _bloc_points(table: ScoringTable) -> dict[int, tuple[Decimal, int]]:
    """Per agency: (sum of bloc criterion points, number of criteria scored by the bloc). One query."""
    if table.method == ScoringTable.Method.LEADER:
        rows = (
            Score.objects.filter(table=table, kind=Score.Kind.LEADER)
            .values("agency_id")
            .annotate(total=Sum("points"), n=Count("criterion_id", distinct=True))
            .order_by()
        )
        return {r["agency_id"]: (r["total"] or ZERO, r["n"]) for r in rows}
    rows = (
        Score.objects.filter(table=table, kind=Score.Kind.CROSS)
        .values("agency_id", "criterion_id")
        .annotate(total=Sum("points"), n=Count("id"))
        .order_by()
    )
    result: dict[int, tuple[Decimal, int]] = {}
    for r in rows:
        average = (r["total"] / r["n"]).quantize(CENT, rounding=ROUND_HALF_UP)
        total, n = result.get(r["agency_id"], (ZERO, 0))
        result[r["agency_id"]] = (total + average, n + 1)
    return result


def _adjustment_totals(table: ScoringTable) -> dict[tuple[int, str], Decimal]:
    """Per (agency, bonus|penalty): Σ points × times. One query."""
    amount = ExpressionWrapper(
        F("item__points") * F("quantity"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )
    rows = (
        AppliedAdjustment.objects.filter(table=table)
        .values("agency_id", "item__kind")
        .annotate(total=Sum(amount))
        .order_by()
    )
    return {(r["agency_id"], r["item__kind"]): Decimal(r["total"] or 0).quantize(CENT) for r in rows}


def ranking_for_table(table: ScoringTable, roster: list[Membership]) -> list[RankingRow]:
    """The ranking of the table's members (see the module docstring for the rule). 5 queries."""
    criteria_count = Criterion.objects.filter(group__table=table).count()
    self_totals = dict(
        Score.objects.filter(table=table, kind=Score.Kind.SELF)
        .values("agency_id")
        .annotate(total=Sum("points"))
        .order_by()
        .values_list("agency_id", "total")
    )
    bloc_points = _bloc_points(table)
    adjustments = _adjustment_totals(table)
    sheet_states = dict(ScoreSheet.objects.filter(table=table).values_list("agency_id", "state"))
    rows = []
    for m in roster:
        criteria_total, scored = bloc_points.get(m.agency_id, (ZERO, 0))
        bonus = adjustments.get((m.agency_id, AdjustmentItem.Kind.BONUS), ZERO)
        penalty = adjustments.get((m.agency_id, AdjustmentItem.Kind.PENALTY), ZERO)
        rows.append(
            RankingRow(
                agency=m.agency,
                role=m.role,
                self_total=self_totals.get(m.agency_id),
                criteria_total=criteria_total,
                bonus=bonus,
                penalty=penalty,
                total=criteria_total + bonus - penalty,
                scored_criteria=scored,
                criteria_count=criteria_count,
                finalised=table.is_finalised,
                sheet_state=sheet_states.get(m.agency_id, ScoreSheet.State.DRAFT),
            )
        )
    ranked = sorted(
        (r for r in rows if r.scored),
        key=lambda r: (-r.total, -r.criteria_total, r.penalty, vn_sort_key(r.agency.name)),
    )
    for i, row in enumerate(ranked):
        row.rank = i + 1
        row.tie_broken = (i > 0 and ranked[i - 1].total == row.total) or (
            i + 1 < len(ranked) and ranked[i + 1].total == row.total
        )
    return ranked + sorted((r for r in rows if not r.scored), key=lambda r: vn_sort_key(r.agency.name))


def ranking(*, bloc: Bloc, year: int) -> list[RankingRow]:
    """The bloc's ranking for `year`, ordered by rank (empty when there is no scoring table).

    Rows carry `.rank`, `.agency`, `.total`, `.finalised` and the parts of the total. The
    caller decides who may see it (members only once it is finalised)."""
    table = ScoringTable.objects.filter(bloc=bloc, year=year).select_related("bloc").first()
    if table is None:
        return []
    return ranking_for_table(table, bloc_selectors.roster(bloc, year))


# --- The annual vote, when the conferences app records it -----------------------------------


@dataclass
class VoteCell:
    """One candidacy of an agency in the annual vote, to show beside its rank."""

    label: str
    won: bool
    votes: int | None = None
    percent: float | None = None


def vote_outcomes(bloc: Bloc, year: int) -> dict[int, list[VoteCell]]:
    """Per agency: its candidacies in the votes at the bloc's conferences reviewing `year`,
    read from the conferences app (one query); empty when the bloc held no vote that year."""
    result: dict[int, list[VoteCell]] = defaultdict(list)
    kinds = dict(Vote.Kind.choices)
    for row in conference_selectors.vote_outcomes(bloc, year):
        label = row.award_label or str(kinds.get(row.kind, ""))
        result[row.agency_id].append(VoteCell(label=label, won=row.won, votes=row.votes, percent=row.percent))
    return dict(result)


# --- Home page -----------------------------------------------------------------------------


def pending_self_assessments(user: User) -> list[ScoringTable]:
    """Open scoring tables in which the officer's agency has not submitted its self-assessment."""
    if not (user.is_authenticated and user.is_officer):
        return []
    pairs = bloc_years_as_member(user)
    if not pairs:
        return []
    condition = Q()
    for bloc_id, year in pairs:
        condition |= Q(bloc_id=bloc_id, year=year)
    submitted = ScoreSheet.objects.filter(agency_id=user.agency_id).exclude(state=ScoreSheet.State.DRAFT)
    return list(
        ScoringTable.objects.filter(condition, finalised_at__isnull=True)
        .exclude(id__in=submitted.values("table_id"))
        .select_related("bloc")
        .order_by("-year")
    )


@dataclass
class LeaderScoring:
    """The scoring of the bloc a leader officer runs: sheets sent in out of the members."""

    table: ScoringTable
    members: int
    submitted: int


def scoring_to_finish(bloc: Bloc, year: int) -> LeaderScoring | None:
    """The bloc-year's scoring table while it is not finalised, with the number of members and
    of self-assessments sent in. One query; None when there is no table or it is finalised."""
    table = (
        ScoringTable.objects.filter(bloc=bloc, year=year, finalised_at__isnull=True)
        .annotate(
            n_submitted=Count("sheets", filter=~Q(sheets__state=ScoreSheet.State.DRAFT), distinct=True),
            n_members=Count("bloc__memberships", filter=Q(bloc__memberships__year=year), distinct=True),
        )
        .first()
    )
    if table is None:
        return None
    return LeaderScoring(table=table, members=table.n_members, submitted=table.n_submitted)


def pledges_to_record(user: User, year: int) -> list[Covenant]:
    """The covenants of `year` of the officer's bloc that hold no pledge of its agency yet.
    One query."""
    if not (user.is_authenticated and user.is_officer and user.agency_id):
        return []
    signed = Pledge.objects.filter(agency_id=user.agency_id).values("covenant_id")
    return list(
        Covenant.objects.filter(year=year, bloc__memberships__agency_id=user.agency_id, bloc__memberships__year=year)
        .exclude(id__in=signed)
        .select_related("bloc")
        .order_by("bloc__name")
    )


# --- History ------------------------------------------------------------------------------


def scoring_history(user: User, ctx: BlocAccess) -> list[HistoryEntry]:
    """Who changed the bloc-year's emulation record, when and what, newest first: the covenant,
    its targets and pledges, the scoring table with its groups, criteria and bonus/penalty items,
    the score sheets, scores and applied bonuses and penalties, field by field.

    The bloc-year's managers (Home Affairs, admins, the leader agency's officer of the year) see
    everything. A member agency's officer sees the shared structure (covenant, targets, table,
    groups, criteria, items) and only the rows concerning its own agency: its pledge, its sheet,
    the scores given to it or by it, the items applied to it. Anyone else gets nothing (the view
    answers 404). One query per history table plus the differ's lookups of related names,
    whatever the number of changes."""
    full = ctx.manages_or_leads
    own = ctx.agency_id
    if not full and own is None:
        return []

    def records(model, **filters):
        return model.history.filter(**filters).select_related("history_user")

    bloc_year = {"bloc_id": ctx.bloc.id, "year": ctx.year}
    covenants = list(records(Covenant, **bloc_year))
    covenant_ids = {r.id for r in covenants}
    tables = list(records(ScoringTable, **bloc_year))
    table_ids = {r.id for r in tables}
    groups = list(records(ScoreGroup, table_id__in=table_ids))
    pledges = records(Pledge, covenant_id__in=covenant_ids)
    sheets = records(ScoreSheet, table_id__in=table_ids)
    scores = records(Score, table_id__in=table_ids)
    applied = records(AppliedAdjustment, table_id__in=table_ids)
    if not full:
        pledges = pledges.filter(agency_id=own)
        sheets = sheets.filter(agency_id=own)
        scores = scores.filter(Q(agency_id=own) | Q(scorer_id=own))
        applied = applied.filter(agency_id=own)
    scores, applied = list(scores), list(applied)

    # Agencies are named from the roster; one query only for those no longer on it.
    names = {a.id: a.name for a in ctx.agencies}
    missing = {r.agency_id for r in [*scores, *applied]} | {r.scorer_id for r in scores if r.scorer_id}
    missing -= names.keys()
    if missing:
        names.update(Agency.objects.filter(id__in=missing).values_list("id", "name"))

    def scored(r) -> str:
        if r.kind == Score.Kind.CROSS:
            how = _("cross-scored by %(scorer)s") % {"scorer": names.get(r.scorer_id, str(r.scorer_id))}
        else:
            how = Score.Kind(r.kind).label
        return f"{names.get(r.agency_id, str(r.agency_id))} ({how})"

    identity = ("bloc", "year")
    entries = labelled(Covenant, history_entries(covenants, hidden=identity), named=False)
    entries += labelled(
        CovenantTarget,
        history_entries(
            records(CovenantTarget, covenant_id__in=covenant_ids), label_field="text", hidden=("covenant",)
        ),
    )
    entries += labelled(
        ScoringTable,
        history_entries(tables, hidden=(*identity, "finalised_by")),
        named=False,
    )
    entries += labelled(ScoreGroup, history_entries(groups, label_field="name", hidden=("table",)))
    entries += labelled(
        Criterion,
        history_entries(records(Criterion, group_id__in={r.id for r in groups}), label_field="name"),
    )
    entries += labelled(
        AdjustmentItem,
        history_entries(records(AdjustmentItem, table_id__in=table_ids), label_field="name", hidden=("table",)),
    )
    entries += labelled(Pledge, history_entries(pledges, label_field="agency", hidden=("covenant", "recorded_by")))
    entries += labelled(ScoreSheet, history_entries(sheets, label_field="agency", hidden=("table", "submitted_by")))
    entries += labelled(
        Score,
        history_entries(scores, label_field="criterion", hidden=("table", "agency", "kind", "scorer"), prefix=scored),
    )
    entries += labelled(
        AppliedAdjustment,
        history_entries(
            applied,
            label_field="item",
            hidden=("table", "agency"),
            prefix=lambda r: names.get(r.agency_id, str(r.agency_id)),
        ),
    )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def can_see_ranking(access, table) -> bool:
    """The ranking of a bloc-year: its managers (Home Affairs, admin, the leader officer) always,
    its members once the year is finalised. Used by the ranking page and the API."""
    if table is None:
        return False
    return access.manages_or_leads or (table.is_finalised and access.agency_id is not None)


# --- Versions read by the edit forms (blocs.concurrency) -------------------------------------

MOVEMENT_EDITED_FIELDS = ["bloc", "name", "kind", "launch_date", "end_date", "launched_by", "description", "plan_file"]
COVENANT_EDITED_FIELDS = ["title", "signed_on", "note"]
TARGET_EDITED_FIELDS = ["position", "text", "target_value", "unit"]
PLEDGE_EDITED_FIELDS = ["signed_on", "signatory_name", "signatory_title", "file", "note"]
TABLE_EDITED_FIELDS = ["title", "method"]
GROUP_EDITED_FIELDS = ["position", "name"]
CRITERION_EDITED_FIELDS = ["group", "position", "name", "max_points", "auto_source", "guidance"]
ITEM_EDITED_FIELDS = ["kind", "position", "name", "rule", "points"]


def movement_snapshot(movement: Movement) -> Snapshot:
    return instance_snapshot(movement, MOVEMENT_EDITED_FIELDS)


def movement_snapshot_now(movement_id: int) -> Snapshot:
    return movement_snapshot(Movement.objects.select_related("bloc").get(pk=movement_id))


def covenant_snapshot(covenant: Covenant | None) -> Snapshot:
    return instance_snapshot(covenant, COVENANT_EDITED_FIELDS) if covenant is not None else {}


def covenant_snapshot_now(bloc: Bloc, year: int) -> Snapshot:
    return covenant_snapshot(Covenant.objects.filter(bloc=bloc, year=year).first())


def target_snapshot(target: CovenantTarget | None) -> Snapshot:
    return instance_snapshot(target, TARGET_EDITED_FIELDS) if target is not None else {}


def pledge_snapshot(pledge: Pledge | None) -> Snapshot:
    """An agency's pledge (none recorded yet: an empty snapshot, so a pledge recorded meanwhile
    by someone else shows up as added)."""
    return instance_snapshot(pledge, PLEDGE_EDITED_FIELDS) if pledge is not None else {}


def pledge_snapshot_now(bloc: Bloc, year: int, agency: Agency) -> Snapshot:
    return pledge_snapshot(Pledge.objects.filter(covenant__bloc=bloc, covenant__year=year, agency=agency).first())


def table_row_snapshot(row) -> Snapshot:
    """The scoring table's settings, a group, a criterion or a bonus/penalty item (None: new)."""
    if row is None:
        return {}
    fields = {
        ScoringTable: TABLE_EDITED_FIELDS,
        ScoreGroup: GROUP_EDITED_FIELDS,
        Criterion: CRITERION_EDITED_FIELDS,
        AdjustmentItem: ITEM_EDITED_FIELDS,
    }[type(row)]
    return instance_snapshot(row, fields)


def table_row_snapshot_now(row) -> Snapshot:
    if row is None:
        return {}
    fresh = type(row).objects.filter(pk=row.pk).first()
    return table_row_snapshot(fresh) if fresh is not None else {}


def _score_shown(score: Score | None) -> str:
    if score is None:
        return "—"
    return ", ".join(shown(v) for v in (score.points, score.evidence, score.attachment) if v) or shown(score.points)


def scores_snapshot(rows: list[CriterionRow], attr: str) -> Snapshot:
    """One kind of score of one agency, from the rows its page already read: ``attr`` is
    "self_score", "leader_score" or "my_cross" (the user's own cross-score only: the others'
    are not theirs to read). Criteria without a score are left out."""
    return {r.criterion.name: _score_shown(getattr(r, attr)) for r in rows if getattr(r, attr) is not None}


def scores_snapshot_now(table: ScoringTable, agency: Agency, kind: str, *, scorer_id: int | None = None) -> Snapshot:
    """``scores_snapshot`` as stored now, in one query."""
    scores = Score.objects.filter(table=table, agency=agency, kind=kind).select_related("criterion")
    if kind == Score.Kind.CROSS:
        scores = scores.filter(scorer_id=scorer_id)
    return {s.criterion.name: _score_shown(s) for s in scores}


def adjustments_snapshot(applied: dict[int, AppliedAdjustment], items: list[AdjustmentItem]) -> Snapshot:
    """The bonus and penalty items applied to an agency (times and grounds), by item name."""
    names = {i.id: i.name for i in items}
    return rows_snapshot(
        (a for a in applied.values() if a.item_id in names),
        key=lambda a: f"{_('Bonus or penalty item')} — {names[a.item_id]}",
        value=lambda a: ", ".join(shown(v) for v in (a.quantity, a.note) if v not in (None, "")),
    )
