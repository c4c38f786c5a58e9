"""Reads for blocs: scoped querysets and the leadership history.

Every view fetches blocs and agencies through `*_for_user` helpers so that a URL edited by hand
can never reach another province's data: out-of-scope objects are a 404, not a 403, so their
existence is not revealed either.
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from blocs.concurrency import Snapshot, instance_snapshot, rows_snapshot
from blocs.models import Agency, Bloc, BlocRegulation, Membership, Province, User
from blocs.text import vn_ascii, vn_sort_key
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


def blocs_without_leader(user: User, year: int) -> list[Bloc]:
    """The blocs the user sees that have a roster in `year` but no leader for it. One query."""
    led = Membership.objects.filter(year=year, role=Membership.Role.LEADER).values("bloc_id")
    return list(
        blocs_for_user(user)
        .filter(memberships__year=year)
        .exclude(id__in=led)
        .distinct()
        .order_by("province__name", "number", "name")
    )


def year_counts(user: User, year: int) -> dict[str, int]:
    """How many blocs and member agencies the user's provinces have in `year`. One query."""
    ids = visible_province_ids(user)
    qs = Membership.objects.filter(year=year)
    if ids is not None:
        qs = qs.filter(bloc__province_id__in=ids)
    return qs.aggregate(blocs=Count("bloc", distinct=True), agencies=Count("agency", distinct=True))


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
    ).order_by("province__sort_name", "number", "sort_name")


def roster(bloc: Bloc, year: int) -> list[Membership]:
    """The bloc's members in `year`: leader first, then deputies, then members by name."""
    order = {Membership.Role.LEADER: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    rows = list(Membership.objects.filter(bloc=bloc, year=year).select_related("agency").order_by("agency__sort_name"))
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


# --- Agencies page, users page --------------------------------------------------------------

VALIDITY_CURRENT, VALIDITY_ENDED, VALIDITY_ALL = "current", "ended", "all"


def agency_directory(
    user: User,
    *,
    province_ids: set[int] | None = None,
    search: str = "",
    kind: str = "",
    validity: str = VALIDITY_ALL,
    today=None,
) -> list[Agency]:
    """Agencies the user may see, in Vietnamese order (province, then name), filtered.

    `search` matches the name, short name or a former name ignoring case, marks and spacing
    ("cong an" finds "Công an tỉnh"); it is applied in Python because SQLite's LIKE folds only
    ASCII letters. Two queries (the agencies with province and successor, their former names)."""
    qs = agencies_for_user(user).select_related("successor")
    if province_ids is not None:
        qs = qs.filter(province_id__in=province_ids)
    if kind:
        qs = qs.filter(kind=kind)
    today = today or timezone.localdate()
    current = (Q(valid_to__isnull=True) | Q(valid_to__gte=today)) & (
        Q(valid_from__isnull=True) | Q(valid_from__lte=today)
    )
    if validity == VALIDITY_CURRENT:
        qs = qs.filter(current)
    elif validity == VALIDITY_ENDED:
        qs = qs.exclude(current)
    agencies = list(qs.prefetch_related("former_names").order_by("province__sort_name", "sort_name"))
    needle = vn_ascii(search).casefold().strip()
    if needle:
        needle = " ".join(needle.split())
        agencies = [
            a
            for a in agencies
            if any(
                needle in " ".join(vn_ascii(text).casefold().split())
                for text in (a.name, a.short_name, *(f.name for f in a.former_names.all()))
            )
        ]
    return agencies


def manageable_provinces(user: User) -> list[Province]:
    """Provinces whose agencies, accounts and bloc division the user sets up: the admin's all,
    Home Affairs' own province and its predecessors; nobody else's. Vietnamese order."""
    if not user.is_authenticated or not (user.is_admin_role or user.is_home_affairs):
        return []
    return list(provinces_for_user(user).order_by("sort_name"))


def managed_province_for_user(user: User, pk) -> Province:
    """A province the user may set up; another province is a 404, an officer a 403."""
    province = get_object_or_404(provinces_for_user(user), pk=pk)
    if not can_manage_province(user, province.id):
        raise PermissionDenied
    return province


def managed_agency_for_user(user: User, pk) -> Agency:
    """An agency the user may edit: out of scope 404, in scope but not Home Affairs/admin 403."""
    agency = get_object_or_404(agencies_for_user(user).select_related("successor"), pk=pk)
    if not can_manage_province(user, agency.province_id):
        raise PermissionDenied
    return agency


def officer_accounts(user: User, *, province_ids: set[int] | None = None) -> list[User]:
    """The accounts the user manages (officers of the province's agencies and its Home Affairs
    staff), ordered by province, agency and username in Vietnamese order. One query."""
    qs = users_managed_by(user).select_related("agency__province", "province")
    if province_ids is not None:
        qs = qs.filter(Q(agency__province_id__in=province_ids) | Q(province_id__in=province_ids))
    accounts = list(qs.exclude(role=User.Role.ADMIN).exclude(is_superuser=True))

    def key(u):
        province = u.province if u.province_id else u.agency.province
        return (
            vn_sort_key(province.name),
            0 if u.role == User.Role.HOME_AFFAIRS else 1,
            vn_sort_key(u.agency.name if u.agency_id else ""),
            u.username,
        )

    return sorted(accounts, key=key)


# --- Versions read by the edit forms (blocs.concurrency) -------------------------------------

BLOC_EDITED_FIELDS = [
    "name",
    "kind",
    "number",
    "description",
    "max_deputies",
    "leader_selection",
    "vote_threshold_percent",
]
REGULATION_EDITED_FIELDS = ["number", "date", "title", "file"]


def bloc_snapshot(bloc: Bloc) -> Snapshot:
    """The bloc's settings as the settings page shows them."""
    return instance_snapshot(bloc, BLOC_EDITED_FIELDS)


def roster_snapshot(members: list[Membership]) -> Snapshot:
    """A year's roster (from ``roster()``): each agency by name with its role, deputies numbered."""

    def role(m: Membership) -> str:
        label = m.get_role_display()
        return f"{label} {m.deputy_slot}" if m.role == Membership.Role.DEPUTY and (m.deputy_slot or 1) > 1 else label

    return rows_snapshot(members, key=lambda m: m.agency.name, value=role)


def regulation_snapshot(regulation: BlocRegulation | None) -> Snapshot:
    return instance_snapshot(regulation, REGULATION_EDITED_FIELDS) if regulation is not None else {}


AGENCY_EDITED_FIELDS = ["name", "short_name", "kind", "valid_from", "valid_to", "successor", "email"]


def agency_snapshot(agency: Agency) -> Snapshot:
    """What the agency pages (edit, rename, end of existence) edit, as read (`blocs.concurrency`)."""
    return instance_snapshot(agency, AGENCY_EDITED_FIELDS)
