"""Reads for awards: scoped periods and submissions, totals aggregated in the database, and the
completeness board.

Scope follows blocs: a period outside the user's provinces is a 404; an agency's figures are
seen only by its own officers, the officers of the agency leading its bloc that year, Home
Affairs of the province and admins (anyone else gets a 404, so a draft's existence is not
revealed either).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.counting import SUBMITTED_STATES
from awards.models import (
    AwardForm,
    AwardLevel,
    AwardRecord,
    GrantingAuthority,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
    bloc_total_label,
)
from blocs import selectors as bloc_selectors
from blocs.access import access_for, leads_bloc_of
from blocs.concurrency import Snapshot, instance_snapshot
from blocs.history import ACTIONS, Change, HistoryEntry, history_entries
from blocs.models import Agency, Bloc, Membership, Movement, User

EDITABLE_STATES = (Submission.State.DRAFT, Submission.State.RETURNED)
NOT_STARTED = "not_started"


# --- Periods ---------------------------------------------------------------------------------


def periods_for_user(user: User) -> QuerySet[ReportingPeriod]:
    ids = bloc_selectors.visible_province_ids(user)
    qs = ReportingPeriod.objects.select_related("province")
    return qs if ids is None else qs.filter(province_id__in=ids)


def period_for_user(user: User, pk) -> ReportingPeriod:
    return get_object_or_404(periods_for_user(user), pk=pk)


def period_list(user: User, *, year: int | None = None) -> QuerySet[ReportingPeriod]:
    """Periods the user may see, newest first, each with its number of submitted reports. One query."""
    qs = periods_for_user(user)
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        submitted_count=Count("submissions", filter=Q(submissions__state__in=SUBMITTED_STATES)),
    ).order_by("-year", "province__sort_name", "-kind")


def first_half_of(period: ReportingPeriod) -> ReportingPeriod | None:
    if period.kind != ReportingPeriod.Kind.YEAR:
        return None
    return ReportingPeriod.objects.filter(
        province_id=period.province_id, year=period.year, kind=ReportingPeriod.Kind.H1
    ).first()


# --- Who may see and do what -----------------------------------------------------------------


def agency_bloc(agency: Agency, year: int) -> Bloc | None:
    membership = Membership.objects.filter(agency=agency, year=year).select_related("bloc").first()
    return membership.bloc if membership else None


def can_see_agency_figures(user: User, agency: Agency, period: ReportingPeriod) -> bool:
    """The agency's own officers, Home Affairs of the province, admins, and the officer of the
    agency leading the agency's bloc that year."""
    if not user.is_authenticated:
        return False
    if user.is_admin_role or bloc_selectors.can_manage_province(user, period.province_id):
        return True
    if user.is_officer and user.agency_id == agency.id:
        return True
    return leads_bloc_of(user, agency, period.year)


def can_see_bloc_figures(user: User, bloc: Bloc, period: ReportingPeriod) -> bool:
    """A bloc's own totals ("Toàn khối"): Home Affairs of the province, admins, and the officers
    of the bloc's member agencies that year (they read them in the bloc report too)."""
    if not user.is_authenticated:
        return False
    if bloc_selectors.can_manage_province(user, period.province_id):
        return True
    return access_for(user, bloc, period.year).is_member


def can_enter_figures(user: User, *, agency: Agency | None, period: ReportingPeriod) -> bool:
    """Who may type figures (the grid and the Excel upload; the period and the report's state
    decide when, see `Slot.is_editable`): the agency's own officer; Home Affairs of the
    province and admins, on behalf of any agency of the province ("nhập thay", when an agency
    sends its figures on paper or by e-mail) and for a bloc's own totals (`agency` None). The
    leader agency's officer reviews its members' reports but does not type them."""
    if bloc_selectors.can_manage_province(user, period.province_id):
        return True
    return agency is not None and user.is_authenticated and user.is_officer and user.agency_id == agency.id


def entered_on_behalf(user: User | None, agency_id: int | None) -> bool:
    """Whether figures saved by `user` were entered for the agency by someone else (Home
    Affairs or an admin: "nhập thay bởi Sở Nội vụ"). A bloc's own totals are always."""
    if user is None:
        return False
    return not (user.is_officer and agency_id is not None and user.agency_id == agency_id)


def can_review(user: User, submission: Submission) -> bool:
    """Home Affairs of the province and admins review every submission; the leader agency's
    officer reviews the other members of the bloc it leads that year (not its own report, nor
    a bloc's own totals, which Home Affairs enters)."""
    period = submission.period
    if user.is_admin_role or bloc_selectors.can_manage_province(user, period.province_id):
        return True
    if submission.agency_id is None:
        return False
    if not (user.is_authenticated and user.is_officer) or user.agency_id == submission.agency_id:
        return False
    bloc = agency_bloc(submission.agency, period.year)
    return bloc is not None and access_for(user, bloc, period.year).leads


@dataclass
class Slot:
    """One agency's place in one period (or a bloc's own totals, "Toàn khối", when `bloc` is
    set and `agency` None): its submission, if it has started one."""

    agency: Agency | None
    period: ReportingPeriod
    submission: Submission | None
    bloc: Bloc | None = None

    @property
    def is_bloc_total(self) -> bool:
        return self.bloc is not None

    @property
    def owner(self) -> Agency | Bloc:
        return self.bloc if self.bloc is not None else self.agency

    @property
    def label(self) -> str:
        return bloc_total_label(self.bloc) if self.bloc is not None else self.agency.name

    def _url(self, name: str) -> str:
        if self.bloc is not None:
            return reverse(f"awards:{name}_bloc", args=[self.period.pk, self.bloc.pk])
        return reverse(f"awards:{name}", args=[self.period.pk, self.agency.pk])

    @property
    def grid_url(self) -> str:
        return self._url("grid")

    @property
    def template_url(self) -> str:
        return self._url("template")

    @property
    def upload_url(self) -> str:
        return self._url("upload")

    @property
    def on_behalf(self) -> bool:
        """The last save was made for the agency by Home Affairs (see `entered_on_behalf`)."""
        return self.submission is not None and entered_on_behalf(self.submission.entered_by, self.submission.agency_id)

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else NOT_STARTED

    @property
    def version(self) -> int:
        return self.submission.version if self.submission else 0

    @property
    def is_editable(self) -> bool:
        return self.period.is_open and self.state in (NOT_STARTED, *EDITABLE_STATES)


def slot_for_user(user: User, period_pk, agency_pk=None, *, bloc_pk=None) -> Slot:
    """An agency's slot (`agency_pk`) or a bloc's own totals (`bloc_pk`) in a period, if the user
    may see it (404 otherwise). A bloc must have a roster in the period's year."""
    period = period_for_user(user, period_pk)
    if bloc_pk is not None:
        bloc = get_object_or_404(
            Bloc.objects.filter(memberships__year=period.year).distinct(), pk=bloc_pk, province_id=period.province_id
        )
        if not can_see_bloc_figures(user, bloc, period):
            raise Http404
        submission = (
            Submission.objects.filter(bloc=bloc, period=period).select_related("updated_by", "entered_by").first()
        )
        if submission is not None:
            submission.bloc, submission.period = bloc, period
        return Slot(agency=None, period=period, submission=submission, bloc=bloc)
    agency = get_object_or_404(Agency.objects.all(), pk=agency_pk, province_id=period.province_id)
    if not can_see_agency_figures(user, agency, period):
        raise Http404
    submission = (
        Submission.objects.filter(agency=agency, period=period).select_related("updated_by", "entered_by").first()
    )
    if submission is not None:
        submission.agency, submission.period = agency, period
    return Slot(agency=agency, period=period, submission=submission)


def slot_of(submission: Submission) -> Slot:
    """The slot a (scoped, already fetched) submission fills."""
    return Slot(agency=submission.agency, period=submission.period, submission=submission, bloc=submission.bloc)


def submission_for_user(user: User, pk) -> Submission:
    """A submission the user may see (404 otherwise), with its agency and period."""
    submission = get_object_or_404(
        Submission.objects.select_related("agency", "bloc", "period__province", "updated_by", "entered_by"), pk=pk
    )
    ids = bloc_selectors.visible_province_ids(user)
    if ids is not None and submission.period.province_id not in ids:
        raise Http404
    if submission.bloc is not None:
        visible = can_see_bloc_figures(user, submission.bloc, submission.period)
    else:
        visible = can_see_agency_figures(user, submission.agency, submission.period)
    if not visible:
        raise Http404
    return submission


# --- Catalogue -------------------------------------------------------------------------------


def award_forms(*, include_ids=()) -> list[AwardForm]:
    """Active forms in display order, plus any inactive form still used by the given records."""
    return list(AwardForm.objects.filter(Q(active=True) | Q(id__in=list(include_ids))))


def authority_names() -> list[str]:
    return list(GrantingAuthority.objects.filter(active=True).values_list("name", flat=True))


def movements_of(province_id: int) -> list[Movement]:
    return list(Movement.objects.filter(province_id=province_id).order_by("name"))


# --- Records and totals ----------------------------------------------------------------------


def records_of(submission: Submission | None) -> list[AwardRecord]:
    """The rows the agency typed (the grid's and the spreadsheet's); rows written by a
    province's decision are `decided_records_of`."""
    if submission is None:
        return []
    return list(
        AwardRecord.objects.filter(submission=submission, source_item_id__isnull=True)
        .select_related("form", "movement")
        .order_by("form__display_order", "authority", "status")
    )


def grid_records(submission: Submission | None) -> tuple[list[AwardRecord], list[AwardRecord]]:
    """The typed rows (as `records_of`) and the rows written by the province's decisions on
    proposals (read-only in the grid), in one query."""
    if submission is None:
        return [], []
    rows = list(
        AwardRecord.objects.filter(submission=submission)
        .select_related("form", "movement")
        .order_by("form__display_order", "authority", "status", "decision_date", "id")
    )
    return [r for r in rows if not r.from_decision], [r for r in rows if r.from_decision]


def first_half_records(owner: Agency | Bloc, period: ReportingPeriod) -> list[AwardRecord]:
    """The agency's (or the bloc's own) records of the first half of the same year: the starting
    point of its full-year figures (a full-year period covers the whole year)."""
    h1 = first_half_of(period)
    if h1 is None:
        return []
    whose = {"bloc": owner} if isinstance(owner, Bloc) else {"agency": owner}
    return list(
        AwardRecord.objects.filter(period=h1, source_item_id__isnull=True, **whose)
        .select_related("form", "movement")
        .order_by("form__display_order", "authority", "status")
    )


@dataclass(frozen=True)
class Totals:
    collectives: int = 0
    individuals: int = 0


@dataclass
class LevelTotals:
    level: str
    label: str
    granted: Totals = field(default_factory=Totals)
    proposed: Totals = field(default_factory=Totals)


def level_totals(submission: Submission | None) -> tuple[list[LevelTotals], LevelTotals]:
    """Per level (state, ministry/province, unit, not stated) the granted and proposed counts of a
    submission, and the grand total: one grouped query."""
    rows = {level: LevelTotals(level=level, label=label) for level, label in AwardLevel.choices}
    total = LevelTotals(level="", label="")
    if submission is not None:
        grouped = (
            AwardRecord.objects.filter(submission=submission)
            .values("form__level", "status")
            .annotate(c=Sum("collectives"), i=Sum("individuals"))
            .order_by()
        )
        sums = defaultdict(lambda: [0, 0])
        for g in grouped:
            target = rows[g["form__level"]]
            setattr(target, g["status"], Totals(g["c"], g["i"]))
            sums[g["status"]][0] += g["c"]
            sums[g["status"]][1] += g["i"]
        total.granted = Totals(*sums[AwardRecord.Status.GRANTED])
        total.proposed = Totals(*sums[AwardRecord.Status.PROPOSED])
    return list(rows.values()), total


def submission_events(submission: Submission | None) -> list[SubmissionEvent]:
    if submission is None:
        return []
    return list(submission.events.select_related("actor").order_by("-at", "-id"))


# --- Completeness board ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyRef:
    """An agency as a board row shows it, its id and name: a model instance per row cost more
    than the rest of the row at 1,200 agencies."""

    id: int
    name: str

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return self.name

    def __reduce__(self):
        # Rebuilt from its two values: the dataclass default for slots walks its fields on
        # each of the 1,200 rows a cached board unpickles.
        return (AgencyRef, (self.id, self.name))


@dataclass
class BoardRow:
    bloc: Bloc
    agency: AgencyRef | None  # None: the bloc's own totals ("Toàn khối")
    role: str
    submission_id: int | None
    state: str
    last_change: datetime.datetime | None
    submitted_at: datetime.datetime | None
    days_to_deadline: int | None  # None: a back-filled period has no countdown
    granted: Totals
    proposed: Totals
    return_reason: str = ""
    entered_by: User | None = None  # who last saved the figures
    entered_at: datetime.datetime | None = None

    @property
    def is_bloc_total(self) -> bool:
        return self.agency is None

    @property
    def label(self) -> str:
        return bloc_total_label(self.bloc) if self.agency is None else self.agency.name

    @property
    def on_behalf(self) -> bool:
        return entered_on_behalf(self.entered_by, self.agency.id if self.agency else None)

    @property
    def is_submitted(self) -> bool:
        return self.state in SUBMITTED_STATES

    @property
    def is_late(self) -> bool:
        return not self.is_submitted and self.days_to_deadline is not None and self.days_to_deadline < 0

    @property
    def days_late(self) -> int:
        return -self.days_to_deadline


@dataclass
class Board:
    period: ReportingPeriod
    rows: list[BoardRow]
    blocs: list[Bloc]
    selected_bloc: Bloc | None
    state_counts: dict[str, int]
    granted: Totals
    proposed: Totals

    @property
    def member_rows(self) -> list[BoardRow]:
        return [r for r in self.rows if not r.is_bloc_total]

    @property
    def total(self) -> int:
        return len(self.member_rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.member_rows if r.is_submitted)


def completeness_board(
    period: ReportingPeriod, *, bloc_ids=None, selected_bloc_id=None, today: datetime.date | None = None
) -> Board:
    """Who has reported for `period`: one row per member agency of the province's blocs that
    year, with its submission's state, last change, days to (or past) the deadline and totals.

    Each bloc's own totals ("Toàn khối", entered by Home Affairs), when there are some, follow
    its members as a row of their own; they are in the granted and proposed totals (counted
    once) but not in the count of members that submitted. Each row names who entered it when
    that was Home Affairs ("entered on behalf").

    Five queries whatever the number of agencies: the member rows (each membership joined to its
    submission of the period), the period's records summed per agency and status (one grouped
    aggregate, no per-row subquery), the latest return reason of the returned reports, the
    blocs' own totals, and the users who entered figures. `bloc_ids` restricts the board (a
    leader officer sees only the bloc it leads); `selected_bloc_id` is the user's filter."""
    today = today or timezone.localdate()
    offsets = {AwardRecord.Status.GRANTED: 0, AwardRecord.Status.PROPOSED: 2}

    qs = (
        Membership.objects.filter(bloc__province_id=period.province_id, year=period.year)
        .annotate(sub=FilteredRelation("agency__submissions", condition=Q(agency__submissions__period=period)))
        .values_list(
            "bloc_id",
            "bloc__name",
            "bloc__number",
            "agency_id",
            "agency__name",
            "role",
            "sub__id",
            "sub__state",
            "sub__updated_at",
            "sub__submitted_at",
            "sub__entered_by_id",
            "sub__entered_at",
        )
        .order_by("bloc__number", "bloc__sort_name", "agency__sort_name")
    )
    if bloc_ids is not None:
        qs = qs.filter(bloc_id__in=list(bloc_ids))
    members = list(qs)
    # The period's records summed per agency and status, merged in below: grouped on their
    # own, not on the wide member rows (that sort spilled to disk at 1,200 agencies).
    sums: dict[int, list[int]] = {}
    records = AwardRecord.objects.filter(period=period, agency__isnull=False)
    if bloc_ids is not None:
        records = records.filter(agency_id__in=[m[3] for m in members])
    for agency_id, status, c, i in (
        records.order_by().values_list("agency_id", "status").annotate(c=Sum("collectives"), i=Sum("individuals"))
    ):
        offset = offsets.get(status)
        if offset is None:
            continue
        row = sums.setdefault(agency_id, [0, 0, 0, 0])
        row[offset] += c or 0
        row[offset + 1] += i or 0
    whole = Submission.objects.filter(period=period, bloc__isnull=False).annotate(
        granted_c=_bloc_sum(AwardRecord.Status.GRANTED, "collectives"),
        granted_i=_bloc_sum(AwardRecord.Status.GRANTED, "individuals"),
        proposed_c=_bloc_sum(AwardRecord.Status.PROPOSED, "collectives"),
        proposed_i=_bloc_sum(AwardRecord.Status.PROPOSED, "individuals"),
    )
    if bloc_ids is not None:
        whole = whole.filter(bloc_id__in=list(bloc_ids))
    whole_by_bloc = {w.bloc_id: w for w in whole}
    user_ids = {m[10] for m in members if m[10]} | {w.entered_by_id for w in whole_by_bloc.values()}
    user_ids.discard(None)
    users = User.objects.in_bulk(list(user_ids)) if user_ids else {}
    reasons = {}
    returned = SubmissionEvent.objects.filter(
        submission__period=period, submission__state=Submission.State.RETURNED, to_state=Submission.State.RETURNED
    ).order_by("submission_id", "-at", "-id")
    for submission_id, reason in returned.values_list("submission_id", "reason"):
        reasons.setdefault(submission_id, reason)
    days = period.days_to_deadline(today)
    blocs_by_id: dict[int, Bloc] = {}
    all_rows = []
    for i, (
        bloc_id, bloc_name, bloc_number, agency_id, agency_name, role,
        sub_id, sub_state, sub_updated, sub_submitted, sub_by, sub_entered,
    ) in enumerate(members):  # fmt: skip
        granted_c, granted_i, proposed_c, proposed_i = sums.get(agency_id, (0, 0, 0, 0))
        bloc = blocs_by_id.get(bloc_id)
        if bloc is None:
            bloc = blocs_by_id[bloc_id] = Bloc(
                id=bloc_id, name=bloc_name, number=bloc_number, province_id=period.province_id
            )
        all_rows.append(
            BoardRow(
                bloc=bloc,
                agency=AgencyRef(agency_id, agency_name),
                role=role,
                submission_id=sub_id,
                state=sub_state or NOT_STARTED,
                last_change=sub_updated,
                submitted_at=sub_submitted,
                days_to_deadline=days,
                granted=Totals(granted_c, granted_i),
                proposed=Totals(proposed_c, proposed_i),
                return_reason=reasons.get(sub_id, ""),
                entered_by=users.get(sub_by),
                entered_at=sub_entered,
            )
        )
        last_of_bloc = i + 1 == len(members) or members[i + 1][0] != bloc_id
        if last_of_bloc and bloc_id in whole_by_bloc:
            all_rows.append(_whole_bloc_row(bloc, whole_by_bloc[bloc_id], days, users))
    blocs = list({r.bloc.id: r.bloc for r in all_rows}.values())
    selected = next((b for b in blocs if b.id == selected_bloc_id), None)
    rows = [r for r in all_rows if selected is None or r.bloc.id == selected.id]
    counts = dict.fromkeys([NOT_STARTED, *Submission.State.values], 0)
    for r in rows:
        if not r.is_bloc_total:
            counts[r.state] += 1
    return Board(
        period=period,
        rows=rows,
        blocs=blocs,
        selected_bloc=selected,
        state_counts=counts,
        granted=Totals(sum(r.granted.collectives for r in rows), sum(r.granted.individuals for r in rows)),
        proposed=Totals(sum(r.proposed.collectives for r in rows), sum(r.proposed.individuals for r in rows)),
    )


def _bloc_sum(status, column):
    return Coalesce(
        Subquery(
            AwardRecord.objects.filter(submission_id=OuterRef("pk"), status=status)
            .values("submission_id")
            .annotate(total=Sum(column))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _member_row(m, days, users) -> BoardRow:
    return BoardRow(
        bloc=m.bloc,
        agency=m.agency,
        role=m.role,
        submission_id=m.sub_id,
        state=m.sub_state or NOT_STARTED,
        last_change=m.sub_updated,
        submitted_at=m.sub_submitted,
        days_to_deadline=days,
        granted=Totals(m.granted_c, m.granted_i),
        proposed=Totals(m.proposed_c, m.proposed_i),
        return_reason=(m.return_reason or "") if m.sub_state == Submission.State.RETURNED else "",
        entered_by=users.get(m.sub_by),
        entered_at=m.sub_entered,
    )


def _whole_bloc_row(bloc, w, days, users) -> BoardRow:
    return BoardRow(
        bloc=bloc,
        agency=None,
        role="",
        submission_id=w.id,
        state=w.state,
        last_change=w.updated_at,
        submitted_at=w.submitted_at,
        days_to_deadline=days,
        granted=Totals(w.granted_c, w.granted_i),
        proposed=Totals(w.proposed_c, w.proposed_i),
        entered_by=users.get(w.entered_by_id),
        entered_at=w.entered_at,
    )


def pending_agencies(period: ReportingPeriod) -> QuerySet[Agency]:
    """Member agencies of the province's blocs in the period's year that have not submitted."""
    done = Submission.objects.filter(period=period, state__in=SUBMITTED_STATES).values("agency_id")
    return (
        Agency.objects.filter(
            memberships__bloc__province_id=period.province_id,
            memberships__year=period.year,
        )
        .exclude(id__in=done)
        .distinct()
        .order_by("sort_name")
    )


def latest_year_with_data(user: User) -> int | None:
    """The latest year of a period the user sees that holds a report; else the latest period's
    year; None without any period. One query. Pages open on it rather than on an empty year."""
    found = periods_for_user(user).aggregate(
        with_data=Max("year", filter=Q(submissions__isnull=False)), any_period=Max("year")
    )
    return found["with_data"] or found["any_period"]


def _count(qs: QuerySet):
    """The number of rows of `qs` as a subquery (0 when none): COUNT(*) without a GROUP BY."""
    counted = qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


@dataclass
class PeriodProgress:
    """How far an open period is: members expected to report, reports sent, reports waiting for
    review, and (past the deadline) the agencies still missing."""

    period: ReportingPeriod
    members: int
    submitted: int
    waiting: int
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.period.deadline - self.today).days

    @property
    def late(self) -> int:
        return max(self.members - self.submitted, 0) if self.days_left < 0 else 0


def open_period_progress(
    user: User, *, bloc: Bloc | None = None, years=None, today: datetime.date | None = None
) -> list[PeriodProgress]:
    """The open periods the user sees (of `years` if given), each with its numbers, counted over
    the province's blocs or over one `bloc`. One query whatever the number of blocs."""
    today = today or timezone.localdate()
    # An agency belongs to one bloc a year, so the membership join never repeats a report; the
    # conditions on the membership go in one filter() so they apply to the same joined row.
    where = {"bloc": bloc} if bloc is not None else {"bloc__province_id": OuterRef("province_id")}
    members = Membership.objects.filter(year=OuterRef("year"), **where)
    sent = Submission.objects.filter(
        period=OuterRef("pk"),
        agency__memberships__year=OuterRef("year"),
        **{f"agency__memberships__{k}": v for k, v in where.items()},
    )
    qs = periods_for_user(user).filter(state=ReportingPeriod.State.OPEN)
    if bloc is not None:
        qs = qs.filter(province_id=bloc.province_id)
    if years is not None:
        qs = qs.filter(year__in=list(years))
    qs = qs.annotate(
        n_members=_count(members),
        n_submitted=_count(sent.filter(state__in=SUBMITTED_STATES)),
        n_waiting=_count(sent.filter(state=Submission.State.SUBMITTED)),
    ).order_by("deadline", "province__name", "-kind")
    return [
        PeriodProgress(period=p, members=p.n_members, submitted=p.n_submitted, waiting=p.n_waiting, today=today)
        for p in qs
    ]


@dataclass
class OfficerPeriod:
    """An open period as the officer of one agency sees it: its report's state, the days left and,
    for a returned report, the reason."""

    period: ReportingPeriod
    state: str
    return_reason: str
    today: datetime.date

    @property
    def days_left(self) -> int:
        return (self.period.deadline - self.today).days

    @property
    def is_due(self) -> bool:
        return self.state in (NOT_STARTED, *EDITABLE_STATES)


def open_periods_for_officer(user: User, *, today: datetime.date | None = None) -> list[OfficerPeriod]:
    """The open periods of the officer's province with the state of its agency's report and the
    latest return reason. One query."""
    if not user.is_officer:
        return []
    today = today or timezone.localdate()
    mine = Submission.objects.filter(period=OuterRef("pk"), agency_id=user.agency_id)
    returns = SubmissionEvent.objects.filter(
        submission__period=OuterRef("pk"),
        submission__agency_id=user.agency_id,
        to_state=Submission.State.RETURNED,
    ).order_by("-at", "-id")
    periods = (
        ReportingPeriod.objects.filter(province_id=user.agency.province_id, state=ReportingPeriod.State.OPEN)
        .select_related("province")
        .annotate(
            my_state=Subquery(mine.values("state")[:1]),
            return_reason=Subquery(returns.values("reason")[:1]),
        )
        .order_by("deadline", "kind")  # the soonest deadline first
    )
    return [
        OfficerPeriod(
            period=p,
            state=p.my_state or NOT_STARTED,
            return_reason=(p.return_reason or "") if p.my_state == Submission.State.RETURNED else "",
            today=today,
        )
        for p in periods
    ]


# --- History ---------------------------------------------------------------------------------


def submission_history(submission: Submission) -> list[HistoryEntry]:
    """Everything that happened to an agency's report, newest first: the report itself, each of
    its records field by field (before → after), and every state transition with its reason.

    A fixed number of queries whatever the number of changes. The report's state and submission
    time are shown through the transitions (which carry who and why), not twice."""
    report = str(_("Report"))
    own = history_entries(
        Submission.history.filter(id=submission.pk).select_related("history_user"),
        hidden=("agency", "bloc", "period", "state", "submitted_at", "entered_by", "entered_at"),
    )
    # Every save bumps the version: a change with nothing else to show is left out.
    entries = [replace(e, object_label=report) for e in own if e.changes or e.action != str(ACTIONS["~"])]
    records = history_entries(
        AwardRecord.history.filter(submission_id=submission.pk).select_related("history_user"),
        label_field="form",
        hidden=("submission", "agency", "bloc", "period"),
        prefix=lambda r: str(AwardRecord.Status(r.status).label),
    )
    states = dict(Submission.State.choices)
    for event in submission.events.select_related("actor"):
        actor = event.actor
        entries.append(
            HistoryEntry(
                at=event.at,
                user=(actor.get_full_name() or actor.username) if actor else str(_("system")),
                actor=actor,
                action=str(_("State changed")),
                object_label=report,
                reason=event.reason,
                changes=[
                    Change(
                        str(_("State")),
                        str(states.get(event.from_state, "—")) if event.from_state else "—",
                        str(states.get(event.to_state, event.to_state)),
                    )
                ],
            )
        )
    # Figures typed by someone else than the agency's officer (a review is not an entry).
    on_behalf = str(_("entered on behalf by Home Affairs"))
    for e in records:
        if e.actor is not None and entered_on_behalf(e.actor, submission.agency_id):
            e.note = on_behalf
    entries += records
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


# --- Versions read by the edit forms (blocs.concurrency) -------------------------------------

PERIOD_EDITED_FIELDS = ["start_date", "end_date", "deadline"]


def period_snapshot(period: ReportingPeriod) -> Snapshot:
    """The dates of a reporting period as its edit page shows them. (The award grid has its own
    integer version, which travels in the Excel template.)"""
    return instance_snapshot(period, PERIOD_EDITED_FIELDS)
