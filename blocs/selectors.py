"""Reads for blocs: scoped querysets and the leadership history.

Every view fetches blocs and agencies through `*_for_user` helpers so that a URL edited by hand
can never reach another province's data: out-of-scope objects are a 404, not a 403, so their
existence is not revealed either.
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from blocs.models import Agency, Bloc, BlocRegulation, Membership, Province, User
from blocs.years import in_range


def province_lineage_ids(province_id: int) -> set[int]:
    """The province and every province that merged into it, transitively (history stays visible
    to the successor's Home Affairs after the 2025 reorganisation)."""
    ids = {province_id}
    frontier = {province_id}
    while frontier:
        frontier = set(Province.objects.filter(successor_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    return ids


def visible_province_ids(user: User) -> set[int] | None:
    """Provinces whose blocs the user may read; None means all (admins)."""
    if not user.is_authenticated:
        return set()
    if user.is_admin_role:
        return None
    cached = getattr(user, "_visible_province_ids", None)
    if cached is not None:
        return cached
    home = user.home_province_id
    ids = province_lineage_ids(home) if home else set()
    user._visible_province_ids = ids
    return ids


def provinces_for_user(user: User) -> QuerySet[Province]:
    ids = visible_province_ids(user)
    qs = Province.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def blocs_for_user(user: User) -> QuerySet[Bloc]:
    ids = visible_province_ids(user)
    qs = Bloc.objects.select_related("province")
    return qs if ids is None else qs.filter(province_id__in=ids)


def bloc_for_user(user: User, pk) -> Bloc:
    return get_object_or_404(blocs_for_user(user), pk=pk)


def agencies_for_user(user: User) -> QuerySet[Agency]:
    ids = visible_province_ids(user)
    qs = Agency.objects.select_related("province")
    return qs if ids is None else qs.filter(province_id__in=ids)


def agency_for_user(user: User, pk) -> Agency:
    return get_object_or_404(agencies_for_user(user), pk=pk)


def can_manage_province(user: User, province_id: int) -> bool:
    """Home Affairs of the province (or of its successor) and admins set up blocs and rosters."""
    if not user.is_authenticated:
        return False
    if user.is_admin_role:
        return True
    return user.is_home_affairs and province_id in visible_province_ids(user)


def bloc_list(user: User, *, year: int | None = None, kind: str | None = None) -> QuerySet[Bloc]:
    """Blocs the user may see, each annotated with its member count, leader and year range.

    One query, whatever the number of blocs: the per-bloc figures are subqueries/aggregates."""
    qs = blocs_for_user(user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(memberships__year=year).distinct()
    member_filter = Q(memberships__year=year) if year else Q()
    return qs.annotate(
        member_count=Count("memberships", filter=member_filter, distinct=True),
        first_year=Min("memberships__year"),
        last_year=Max("memberships__year"),
    ).order_by("province__name", "number", "name")


def roster(bloc: Bloc, year: int) -> list[Membership]:
    """The bloc's members in `year`: leader first, then deputies, then members by name."""
    order = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    rows = list(Membership.objects.filter(bloc=bloc, year=year).select_related("agency").order_by("agency__name"))
    rows.sort(key=lambda m: (order[m.role], m.deputy_slot or 0))
    return rows


def roster_years(bloc: Bloc) -> list[int]:
    return list(Membership.objects.filter(bloc=bloc).values_list("year", flat=True).distinct().order_by("year"))


def year_span(first: int | None, *, today: datetime.date | None = None) -> list[int]:
    """Every year from `first` (None: this year) to next year, oldest first, within the bounds
    the application accepts. What every year menu offers."""
    this_year = (today or timezone.localdate()).year
    start = min(first or this_year, this_year)
    return [y for y in range(start, this_year + 2) if in_range(y)]


def bloc_years(bloc: Bloc, *, today: datetime.date | None = None) -> list[int]:
    """The years of a bloc: from the earliest year with data (a roster or a regulation) or the
    year the bloc was created in the application, whichever is earlier, to next year. The one
    list every year menu of a bloc offers (bloc, roster, conferences, reports). One query."""
    created = Bloc.history.filter(id=OuterRef("pk")).order_by("history_date").values("history_date")[:1]
    first = (
        Bloc.objects.filter(pk=bloc.pk)
        .annotate(
            first_roster=Subquery(Membership.objects.filter(bloc=OuterRef("pk")).order_by("year").values("year")[:1]),
            first_regulation=Subquery(
                BlocRegulation.objects.filter(bloc=OuterRef("pk")).order_by("year").values("year")[:1]
            ),
            created_at=Subquery(created),
        )
        .values_list("first_roster", "first_regulation", "created_at")
        .first()
    )
    roster, regulation, created_at = first or (None, None, None)
    candidates = [y for y in (roster, regulation, created_at.year if created_at else None) if y]
    return year_span(min(candidates) if candidates else None, today=today)


def province_years(province_ids, *, today: datetime.date | None = None) -> list[int]:
    """The years of some provinces (None: all): from the earliest roster of their blocs to next
    year; the year menus of pages that are not about one bloc (periods, the report index)."""
    rosters = Membership.objects.all()
    if province_ids is not None:
        rosters = rosters.filter(bloc__province_id__in=list(province_ids))
    first = rosters.order_by("year").values_list("year", flat=True).first()
    return year_span(first, today=today)


@dataclass
class LeadershipRow:
    year: int
    leader: Membership | None = None
    deputies: list[Membership] = field(default_factory=list)
    member_count: int = 0


def leadership_history(bloc: Bloc) -> list[LeadershipRow]:
    """One row per roster year: the leader and deputies with the source of their role. Two queries."""
    counts = dict(Membership.objects.filter(bloc=bloc).values_list("year").annotate(n=Count("id")).order_by("year"))
    rows = {year: LeadershipRow(year=year, member_count=n) for year, n in counts.items()}
    officers = (
        Membership.objects.filter(bloc=bloc, role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY])
        .select_related("agency")
        .order_by("year", "deputy_slot")
    )
    for m in officers:
        row = rows[m.year]
        if m.role == Membership.Role.LEADER:
            row.leader = m
        else:
            row.deputies.append(m)
    return [rows[y] for y in sorted(rows)]


def agency_memberships(agency: Agency) -> QuerySet[Membership]:
    """Which bloc the agency was in, and its role, year by year."""
    return Membership.objects.filter(agency=agency).select_related("bloc").order_by("-year")


def agencies_with_memberships(user: User, province_id: int) -> QuerySet[Agency]:
    return (
        agencies_for_user(user)
        .filter(province_id=province_id)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("bloc").order_by("-year")))
    )


# --- Accounts -------------------------------------------------------------------------------


def users_managed_by(user: User) -> QuerySet[User]:
    """Accounts whose password and lock the user may reset: all for admins; for Home Affairs,
    the officers of the province's agencies and the province's Home Affairs staff."""
    qs = User.objects.select_related("agency", "province")
    if not user.is_authenticated:
        return qs.none()
    if user.is_admin_role:
        return qs
    if not user.is_home_affairs:
        return qs.none()
    ids = visible_province_ids(user)
    return qs.filter(Q(agency__province_id__in=ids) | Q(province_id__in=ids))


@dataclass(frozen=True)
class LockedAccount:
    username: str
    full_name: str
    failures: int
    last_attempt: object  # aware datetime
    ip_address: str | None


def locked_accounts(user: User) -> list[LockedAccount]:
    """Accounts in the user's scope that django-axes currently refuses (two queries)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = list(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("username", "failures_since_start", "attempt_time", "ip_address")
    )
    names = {
        u.username: u.get_full_name() for u in users_managed_by(user).filter(username__in={a[0] for a in attempts})
    }
    return [
        LockedAccount(username=name, full_name=names[name], failures=failures, last_attempt=at, ip_address=ip)
        for name, failures, at, ip in attempts
        if name in names
    ]


def recent_login_failures() -> int:
    """Failed logins across all accounts within LOGIN_SLOWDOWN_WINDOW (one query)."""
    since = timezone.now() - settings.LOGIN_SLOWDOWN_WINDOW
    return AccessFailureLog.objects.filter(attempt_time__gte=since).count()
