"""The reports, computed once as plain rows and totals.

Every figure comes out of a database aggregate grouped by agency, bloc, form or year and by
status × level, read as tuples. Python only folds those aggregate rows into tables; it never
loops over award records, so a report costs the same handful of queries whatever the data size.

What is counted (which period kind a report reads, which submissions count) is the counting
rule of `awards.counting`; every award figure here comes from `awards.counting.award_totals`.

Names are the names stored on the rows of that year (a 2022 report shows the 2022 agencies,
even after the 2025 renaming created successor agencies).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.translation import pgettext_lazy

# The scopes are re-exported (`X as X`): the report forms and views read them from here.
from awards.counting import (
    KINDS,
    SCOPE_ALL,
    SCOPE_CHOICES,
    SUBMITTED_STATES,
    award_totals,
    is_counted,
)
from awards.counting import SCOPE_ACCEPTED as SCOPE_ACCEPTED
from awards.counting import SCOPE_SUBMITTED as SCOPE_SUBMITTED
from awards.models import AwardForm, AwardLevel, AwardRecord, ReportingPeriod, Submission
from blocs.models import AgencyName, Bloc, Membership, Province
from blocs.text import vn_sort_key
from reports import circular02, integrations

LEVELS = [AwardLevel.STATE, AwardLevel.MINISTRY_PROVINCE, AwardLevel.UNIT, AwardLevel.UNSTATED]
STATUSES = [AwardRecord.Status.GRANTED, AwardRecord.Status.PROPOSED]
RECIPIENTS = ("c", "i")  # collectives, individuals
TOTAL = "total"

STATUS_CHOICES = ("granted", "proposed", "both")

# The line of a bloc's totals not attributed to a member (awards' whole-bloc submission).
WHOLE_BLOC_LABEL = pgettext_lazy("report", "Whole bloc")

STAT_0603 = [
    AwardForm.StatGroup.CO_THI_DUA,
    AwardForm.StatGroup.CSTD,
    AwardForm.StatGroup.BANG_KHEN,
    AwardForm.StatGroup.KY_NIEM_CHUONG,
]


STAT_0603_LABELS = {
    AwardForm.StatGroup.CO_THI_DUA: pgettext_lazy("report", "Emulation flag (ministry, sector, province)"),
    AwardForm.StatGroup.CSTD: pgettext_lazy("report", "Emulation fighter (ministry, sector, province)"),
    AwardForm.StatGroup.BANG_KHEN: pgettext_lazy("report", "Certificate of merit (ministry, sector, province)"),
    AwardForm.StatGroup.KY_NIEM_CHUONG: pgettext_lazy("report", "Commemorative medal"),
}


def statuses_for(status: str) -> list[str]:
    return list(STATUSES) if status == "both" else [status]


def key(status: str, level: str, recipient: str) -> str:
    return _KEYS.get((status, level, recipient)) or f"{status}__{level}__{recipient}"


_KEYS = {(s, lv, r): f"{s}__{lv}__{r}" for s in STATUSES for lv in [*LEVELS, TOTAL] for r in RECIPIENTS}
_ZERO_LEVELS = {f"{s}__{lv}__{r}": 0 for s in STATUSES for lv in LEVELS for r in RECIPIENTS}
_ZERO_STATUS = {f"{s}__{TOTAL}__{r}": 0 for s in STATUSES for r in RECIPIENTS}
# (status, level or TOTAL) → the keys of its collectives and individuals
_LEVEL_KEYS = {(s, lv): (_KEYS[s, lv, "c"], _KEYS[s, lv, "i"]) for s in STATUSES for lv in [*LEVELS, TOTAL]}


def _fold(rows) -> dict:
    """Aggregate rows (group, status, level, collectives, individuals) → {group: counts by
    status × level × recipient}. Grouping by status × level gives at most 8 rows per group and
    is cheaper to build and to run than 16 conditional sums per row."""
    out: dict = {}
    for group, status, level, c, i in rows:
        counts = out.get(group)
        if counts is None:
            counts = out[group] = dict(_ZERO_LEVELS)
        level_keys = _LEVEL_KEYS[status, level]
        counts[level_keys[0]] += int(c or 0)
        counts[level_keys[1]] += int(i or 0)
    return {k: _with_status_totals(v) for k, v in out.items()}


def _with_status_totals(counts: dict) -> dict:
    """Add the per-status totals across levels to a dict of level sums (aggregate rows only)."""
    out = dict(counts)
    for status in STATUSES:
        for r in RECIPIENTS:
            out[key(status, TOTAL, r)] = sum(int(counts.get(key(status, level, r)) or 0) for level in LEVELS)
    return out


def _empty_counts() -> dict:
    return _with_status_totals({key(s, lv, r): 0 for s in STATUSES for lv in LEVELS for r in RECIPIENTS})


def _add_counts(a: dict, b: dict) -> dict:
    return {k: int(a.get(k, 0)) + int(b.get(k, 0)) for k in a.keys() | b.keys()}


def percent_change(current: int, previous: int):
    """(current - previous) / previous × 100, one decimal; None when there is no base."""
    if not previous:
        return None
    value = Decimal(current - previous) * 100 / Decimal(previous)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- the bloc report -------------------------------------------------------------------------


@dataclass
class MemberRow:
    agency_id: int
    name: str
    short_name: str
    role: str
    deputy_slot: int | None
    submission_state: str | None  # None: no submission at all
    counts: dict = field(default_factory=_empty_counts)

    @property
    def has_sent(self) -> bool:
        return self.submission_state in SUBMITTED_STATES

    def get(self, status, level, recipient) -> int:
        return self.counts[key(status, level, recipient)]


@dataclass
class FormRow:
    form_id: int
    name: str
    level: str
    counts: dict  # key(status, TOTAL, r)


@dataclass
class ComparisonRow:
    status: str
    level: str  # a level or TOTAL
    recipient: str
    current: int
    previous: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def percent(self):
        return percent_change(self.current, self.previous)


@dataclass
class YearTotal:
    year: int
    counts: dict


@dataclass
class BlocReport:
    bloc: Bloc
    province_name: str
    year: int
    kind: str
    status: str
    scope: str
    period: ReportingPeriod | None
    previous_period_exists: bool
    members: list[MemberRow]
    totals: dict
    by_form: list[FormRow]
    by_form_totals: dict
    comparison: list[ComparisonRow]
    history: list[YearTotal]
    next_leader: str | None = None
    next_deputies: list[str] = field(default_factory=list)
    conferences: list = field(default_factory=list)
    vote_outcomes: list = field(default_factory=list)
    ranking: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    # The bloc's totals not attributed to a member ("Toàn khối"), when some are counted.
    whole_bloc: MemberRow | None = None

    @property
    def statuses(self) -> list[str]:
        return statuses_for(self.status)

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportingPeriod.Kind.YEAR

    @property
    def lines(self) -> list[MemberRow]:
        """The lines of the award table: the members, then the whole-bloc line if any."""
        return [*self.members, self.whole_bloc] if self.whole_bloc else list(self.members)

    @property
    def leader(self) -> MemberRow | None:
        return next((m for m in self.members if m.role == Membership.Role.LEADER), None)

    @property
    def deputies(self) -> list[MemberRow]:
        return [m for m in self.members if m.role == Membership.Role.DEPUTY]

    @property
    def not_sent(self) -> list[MemberRow]:
        """Members that have not sent their report to Home Affairs (no submission, draft or returned)."""
        return [m for m in self.members if not m.has_sent]

    @property
    def not_counted(self) -> list[MemberRow]:
        """Members whose figures the chosen scope leaves out."""
        return [m for m in self.members if not is_counted(m.submission_state, self.scope)]

    @property
    def is_partial(self) -> bool:
        return bool(self.not_sent or self.not_counted)


def _name_of_year():
    """The agency's name in the membership's year: a former name if the agency was renamed
    after that year (`blocs.models.Agency.name_in_year`, as one expression)."""
    former = (
        AgencyName.objects.filter(agency_id=OuterRef("agency_id"))
        .annotate(renamed_year=Cast(ExtractYear("renamed_on"), IntegerField()))
        .filter(renamed_year__gt=OuterRef("year"))
        .order_by("renamed_on")
        .values("name")[:1]
    )
    return Coalesce(Subquery(former), F("agency__name"))


def _roster_rows(*, bloc_id: int, year: int, next_year: int, period: ReportingPeriod | None):
    """Members of `year` and of `next_year` (the same year for a six-month report) as tuples,
    each with its submission state for the period (None without a period or a submission) and
    its name in that year."""
    state = Submission.objects.filter(agency_id=OuterRef("agency_id"), period=period).values("state")[:1]
    return (
        Membership.objects.filter(bloc_id=bloc_id, year__in=[year, next_year])
        .annotate(submission_state=Subquery(state), name_of_year=_name_of_year())
        .values_list(
            "year", "agency_id", "agency__short_name", "role", "deputy_slot", "submission_state", "name_of_year"
        )
        .order_by()
    )


def _periods(province_id: int, kind: str, years: list[int]) -> dict[int, ReportingPeriod]:
    return {p.year: p for p in ReportingPeriod.objects.filter(province_id=province_id, kind=kind, year__in=years)}


def bloc_report(
    *, bloc: Bloc, year: int, kind: str, status: str = "both", scope: str = SCOPE_ALL, draft_ranking: bool = True
) -> BlocReport:
    """The bloc's six-month (kind "h1") or annual (kind "year") report of `year`.

    Queries: periods (1), roster with submission states and next year's leadership (1),
    sums per agency × form × status (1), per-year bloc totals for the comparison and the
    chart (1), then the conference part (1 without a conference of the year, else up to 6)
    and the ranking (annual, 1); the count never depends on the number of agencies, forms or
    records. `draft_ranking=False` (officers) leaves out a
    ranking that is not finalised yet."""
    assert kind in KINDS and status in STATUS_CHOICES and scope in SCOPE_CHOICES  # noqa: S101 - callers validate
    periods = _periods(bloc.province_id, kind, [year, year - 1])
    period = periods.get(year)

    # This year's roster and, for the annual report, next year's leaders in one query.
    next_year_number = year + 1 if kind == ReportingPeriod.Kind.YEAR else year
    members, next_year = [], []
    for row_year, agency_id, short_name, role, slot, state, name in _roster_rows(
        bloc_id=bloc.pk, year=year, next_year=next_year_number, period=period
    ):
        if row_year == year:
            members.append(MemberRow(agency_id, name, short_name or name, role, slot, state))
        else:
            next_year.append((slot or 0, role, name))
    order = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    members.sort(key=lambda m: (order[m.role], m.deputy_slot or 0, vn_sort_key(m.name)))
    next_year.sort()

    totals = _empty_counts()
    by_form, by_form_totals = [], dict(_ZERO_STATUS)
    whole_bloc = None
    if period is not None:
        # One aggregate, grouped by agency × form × status: the per-agency table (by level)
        # and the per-form table are both folded from its rows (at most agencies × forms × 2).
        per_agency: dict = {}
        forms: dict = {}
        rows = award_totals(
            province_id=bloc.province_id,
            kind=kind,
            year=year,
            scope=scope,
            by=("agency", "form", "status", "form__name", "level", "form__display_order"),
            blocs=[bloc.pk],
        ).order_by("form__display_order", "form__name")
        for agency_id, form_id, row_status, form_name, level, _order, c, i in rows:
            counts = per_agency.get(agency_id)
            if counts is None:
                counts = per_agency[agency_id] = dict(_ZERO_LEVELS)
            level_keys = _LEVEL_KEYS[row_status, level]
            counts[level_keys[0]] += c
            counts[level_keys[1]] += i
            form_row = forms.get(form_id)
            if form_row is None:
                form_row = forms[form_id] = FormRow(form_id, form_name, level, dict(_ZERO_STATUS))
            status_keys = _LEVEL_KEYS[row_status, TOTAL]
            form_row.counts[status_keys[0]] += c
            form_row.counts[status_keys[1]] += i
        if None in per_agency:  # the bloc's own totals, "Toàn khối": one line, counted once
            label = str(WHOLE_BLOC_LABEL)
            whole_bloc = MemberRow(None, label, label, "", None, None)
            whole_bloc.counts = _with_status_totals(per_agency[None])
        for m in [*members, whole_bloc] if whole_bloc else members:
            if m.agency_id in per_agency:
                m.counts = _with_status_totals(per_agency[m.agency_id])
            for k, v in m.counts.items():
                totals[k] += v
        by_form = list(forms.values())
        for form_row in by_form:
            for k, v in form_row.counts.items():
                by_form_totals[k] += v

    history = bloc_history(bloc=bloc, kind=kind, scope=scope)
    previous = next((h.counts for h in history if h.year == year - 1), None)
    comparison = []
    for s in statuses_for(status):
        for level in [*LEVELS, TOTAL]:
            for r in RECIPIENTS:
                comparison.append(
                    ComparisonRow(
                        s, level, r, totals[key(s, level, r)], (previous or _empty_counts())[key(s, level, r)]
                    )
                )

    report = BlocReport(
        bloc=bloc,
        province_name=bloc.province.name,
        year=year,
        kind=kind,
        status=status,
        scope=scope,
        period=period,
        previous_period_exists=(year - 1) in periods,
        members=members,
        totals=totals,
        by_form=by_form,
        by_form_totals=by_form_totals,
        comparison=comparison,
        history=history,
        whole_bloc=whole_bloc,
    )
    for _slot, role, name in next_year:
        if role == Membership.Role.LEADER:
            report.next_leader = name
        elif role == Membership.Role.DEPUTY:
            report.next_deputies.append(name)
    _add_conferences(report)
    _add_ranking(report)
    integrations.add_proposal_part(report)
    if not draft_ranking and not all(r.finalised for r in report.ranking):
        report.ranking = []
    return report


def bloc_history(*, bloc: Bloc, kind: str, scope: str = SCOPE_ALL) -> list[YearTotal]:
    """The bloc's totals per year for one kind of period, each year counting the agencies that
    were members in that year and the bloc's own totals ("Toàn khối"). One query."""
    per_year = _fold(
        award_totals(
            province_id=bloc.province_id,
            kind=kind,
            year=None,
            scope=scope,
            by=("year", "status", "level"),
            blocs=[bloc.pk],
        )
    )
    return [YearTotal(year, per_year[year]) for year in sorted(per_year)]


def _add_conferences(report: BlocReport) -> None:
    """Filled in by the conferences integration (see `reports.integrations`)."""
    integrations.add_conference_part(report)


def _add_ranking(report: BlocReport) -> None:
    integrations.add_ranking(report)


# --- the province roll-up --------------------------------------------------------------------


@dataclass
class RollupRow:
    bloc_id: int
    name: str
    number: int | None
    leader: str | None
    deputies: list[str]
    member_count: int
    submitted_count: int
    counts: dict
    flag: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    has_conference: bool | None = None  # None: the conferences app cannot tell


@dataclass
class Rollup:
    province: Province
    year: int
    kind: str
    status: str
    scope: str
    period: ReportingPeriod | None
    rows: list[RollupRow]
    totals: dict
    conferences_known: bool = False

    @property
    def statuses(self) -> list[str]:
        return statuses_for(self.status)

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportingPeriod.Kind.YEAR

    @property
    def without_conference(self) -> list[RollupRow]:
        return [r for r in self.rows if r.has_conference is False]

    @property
    def member_total(self) -> int:
        return sum(r.member_count for r in self.rows)

    @property
    def submitted_total(self) -> int:
        return sum(r.submitted_count for r in self.rows)


def province_rollup(
    *, province: Province, year: int, kind: str, status: str = "both", scope: str = SCOPE_ALL
) -> Rollup:
    """Every bloc of the province with a roster in `year`: leader, deputies, member count,
    submitted count and totals by level. Queries: period (1), blocs with member counts (1),
    leaders and deputies (1), submitted counts (1), totals per bloc (1), then the conference part."""
    assert kind in KINDS and status in STATUS_CHOICES and scope in SCOPE_CHOICES  # noqa: S101 - callers validate
    period = ReportingPeriod.objects.filter(province=province, year=year, kind=kind).first()
    blocs = list(
        Bloc.objects.filter(province=province)
        .annotate(member_count=Count("memberships", filter=Q(memberships__year=year)))
        .filter(member_count__gt=0)
        .order_by("number", "sort_name")
    )
    officers: dict[int, list] = {}
    for bloc_id, role, name in (
        Membership.objects.filter(
            bloc__province=province, year=year, role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY]
        )
        .order_by("bloc_id", "role", "deputy_slot")
        .values_list("bloc_id", "role", "agency__name")
    ):
        officers.setdefault(bloc_id, []).append((role, name))

    submitted, per_bloc = {}, {}
    if period is not None:
        submitted = dict(
            Submission.objects.filter(
                period=period,
                state__in=SUBMITTED_STATES,
                agency__memberships__year=year,
                agency__memberships__bloc__province=province,
            )
            .order_by()
            .values_list("agency__memberships__bloc")
            .annotate(n=Count("id"))
        )
        per_bloc = _fold(
            award_totals(
                province_id=province.pk,
                kind=kind,
                year=year,
                scope=scope,
                by=("bloc", "status", "level"),
                blocs=Bloc.objects.filter(province=province).values("id"),
            )
        )
    rows, totals = [], _empty_counts()
    for bloc in blocs:
        roles = officers.get(bloc.id, [])
        counts = per_bloc.get(bloc.id, _empty_counts())
        totals = _add_counts(totals, counts)
        rows.append(
            RollupRow(
                bloc_id=bloc.id,
                name=bloc.name,
                number=bloc.number,
                leader=next((n for r, n in roles if r == Membership.Role.LEADER), None),
                deputies=[n for r, n in roles if r == Membership.Role.DEPUTY],
                member_count=bloc.member_count,
                submitted_count=submitted.get(bloc.id, 0),
                counts=counts,
            )
        )
    rollup = Rollup(
        province=province,
        year=year,
        kind=kind,
        status=status,
        scope=scope,
        period=period,
        rows=rows,
        totals=totals,
    )
    integrations.add_rollup_conference_part(rollup)
    return rollup


# --- the statutory forms (Circular 02/2023/TT-BNV) ------------------------------------------


@dataclass
class StatRow:
    """The count of one award form (0602) or statistics group (0603): the detail the API gives.
    The printed forms are `StatutoryReport.bieu_0602` and `bieu_0603`."""

    code: str  # the award form's code (0602) or the statistics group (0603)
    name: str
    collectives: int
    individuals: int
    allows_collectives: bool = True
    allows_individuals: bool = True

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


@dataclass
class StatutoryReport:
    province: Province
    year: int
    status: str
    scope: str
    period: ReportingPeriod | None
    form_0602: list[StatRow]
    form_0603: list[StatRow]
    # statistics group → (collectives, individuals); the groups that hold an award form
    group_sums: dict[str, tuple[int, int]] = field(default_factory=dict)
    known_groups: set[str] = field(default_factory=set)

    @staticmethod
    def _total(rows) -> StatRow:
        return StatRow("", "", sum(r.collectives for r in rows), sum(r.individuals for r in rows))

    @property
    def total_0602(self) -> StatRow:
        return self._total(self.form_0602)

    @property
    def total_0603(self) -> StatRow:
        return self._total(self.form_0603)

    @property
    def bieu_0602(self) -> list[circular02.FormLine]:
        """Form 0602.N as printed: the circular's rows and columns, filled where our records can."""
        return circular02.form_lines(circular02.FORM_0602, self.group_sums, self.known_groups)

    @property
    def bieu_0603(self) -> list[circular02.FormLine]:
        return circular02.form_lines(circular02.FORM_0603, self.group_sums, self.known_groups)


def statutory_forms(*, province: Province, year: int, status: str = "granted", scope: str = SCOPE_ALL):
    """Biểu 0602.N (state-level awards) and 0603.N (ministry/province awards: Bằng khen, Chiến
    sĩ thi đua, Cờ thi đua, Kỷ niệm chương) of the province for `year`, from the full-year
    period's records of every agency of the province: the count per award form and per
    statistics group (a column of the printed forms, `reports.circular02`).
    Queries: period (1), the forms of both statistics forms (1), the sums per form (1)."""
    assert status in STATUS_CHOICES and scope in SCOPE_CHOICES  # noqa: S101 - callers validate
    period = ReportingPeriod.objects.filter(province=province, year=year, kind=ReportingPeriod.Kind.YEAR).first()
    groups_all = [*circular02.STATE_GROUPS, *circular02.PROVINCE_GROUPS]
    counted = list(AwardForm.objects.filter(stat_group__in=groups_all).order_by("display_order", "name"))
    forms = [f for f in counted if f.stat_group in circular02.STATE_GROUPS]
    sums: dict[int, tuple[int, int]] = {}
    groups: dict[str, tuple[int, int]] = {}
    if period is not None:
        rows = award_totals(
            province_id=province.pk,
            kind=ReportingPeriod.Kind.YEAR,
            year=year,
            scope=scope,
            by=("form", "form__stat_group"),
            statuses=statuses_for(status),
            where=Q(form__stat_group__in=groups_all),
        )
        for form_id, stat_group, c, i in rows:
            sums[form_id] = (int(c), int(i))
            gc, gi = groups.get(stat_group, (0, 0))
            groups[stat_group] = (gc + int(c), gi + int(i))
    form_0602 = [
        StatRow(
            f.code,
            f.name,
            *sums.get(f.id, (0, 0)),
            allows_collectives=f.allows_collectives,
            allows_individuals=f.allows_individuals,
        )
        for f in forms
    ]
    recipients = {
        AwardForm.StatGroup.CO_THI_DUA: (True, False),
        AwardForm.StatGroup.CSTD: (False, True),
        AwardForm.StatGroup.BANG_KHEN: (True, True),
        AwardForm.StatGroup.KY_NIEM_CHUONG: (True, True),
    }
    form_0603 = [
        StatRow(
            str(g),
            str(STAT_0603_LABELS[g]),
            *groups.get(g, (0, 0)),
            allows_collectives=recipients[g][0],
            allows_individuals=recipients[g][1],
        )
        for g in STAT_0603
    ]
    return StatutoryReport(
        province,
        year,
        status,
        scope,
        period,
        form_0602,
        form_0603,
        group_sums=groups,
        known_groups={f.stat_group for f in counted},
    )


# --- The home page's key figures -------------------------------------------------------------


@dataclass
class KeyFigures:
    """A year's figures for the provinces a Home Affairs user manages: blocs and member agencies
    with a roster, and the awards granted and proposed in the reports sent in (per level too)."""

    year: int
    kind: str  # the period kind the award figures read: the full year once it holds reports
    blocs: int
    agencies: int
    by_level: dict = field(default_factory=dict)  # level → status → (collectives, individuals)

    def total(self, status: str) -> tuple[int, int]:
        rows = [self.by_level.get(level, {}).get(status, (0, 0)) for level in LEVELS]
        return sum(c for c, _ in rows), sum(i for _, i in rows)

    @property
    def granted(self) -> tuple[int, int]:
        return self.total(AwardRecord.Status.GRANTED)

    @property
    def proposed(self) -> tuple[int, int]:
        return self.total(AwardRecord.Status.PROPOSED)

    def chart(self, labels: dict) -> dict:
        """Data for the bar chart of the home page: per level, granted and proposed."""
        series = []
        for status in STATUSES:
            for index, recipient in enumerate(RECIPIENTS):
                series.append(
                    {
                        "label": str(labels[(status, recipient)]),
                        "data": [self.by_level.get(level, {}).get(status, (0, 0))[index] for level in LEVELS],
                    }
                )
        return {"labels": [str(AwardLevel(level).label) for level in LEVELS], "series": series}


def key_figures(*, province_ids: list[int], year: int, counts: dict[str, int]) -> KeyFigures:
    """The awards of `year` in the provinces, read through the counting rule (reports sent to
    Home Affairs, `SCOPE_SUBMITTED`): the full-year figures once the full-year period holds a
    report sent in, else the first half's. One query for the kind, one per province."""
    sent_year = Submission.objects.filter(
        period__province_id__in=province_ids,
        period__year=year,
        period__kind=ReportingPeriod.Kind.YEAR,
        state__in=SUBMITTED_STATES,
    ).exists()
    kind = ReportingPeriod.Kind.YEAR if sent_year else ReportingPeriod.Kind.H1
    figures = KeyFigures(year=year, kind=kind, blocs=counts["blocs"], agencies=counts["agencies"])
    for province_id in province_ids:
        rows = award_totals(
            province_id=province_id, kind=kind, year=year, scope=SCOPE_SUBMITTED, by=("level", "status")
        )
        for level, status, collectives, individuals in rows:
            c, i = figures.by_level.setdefault(level, {}).get(status, (0, 0))
            figures.by_level[level][status] = (c + collectives, i + individuals)
    return figures
