"""What a user is to a bloc in a year, worked out in one place.

`BlocAccess(user, bloc, year)` answers the questions every app asks before it shows or changes
anything of a bloc-year:

- `manages`: Home Affairs of the bloc's province (or of the province it merged into) or an
  admin; they set up blocs and rosters and read everything of the province;
- `role`, `is_member`, `leads`: the role of the user's agency in the bloc that year (officers
  only; the leader-officer role is derived from the roster, never stored);
- `agency` / `agency_id`: the user's agency when it is a member that year;
- `roster`, `leader`, `member()`: the bloc's members that year, when a page needs them.

`bloc_access(user, bloc_or_pk, year)` builds one within the user's scope (a 404 outside it, as
`bloc_for_user`); `access_for(user, bloc, year)` builds one without the scope check and keeps it
on the user for the request, for predicates that receive another object (a conference, a
submission). The django-rules predicates built on it are in `blocs.rules`; the apps' own rules
("a member edits its own sheet while the table is open") combine these answers and stay in the
apps. The few questions that are not about one bloc-year (which bloc the user's agency leads in
a year, in which years it led any bloc, in which of some years it was a member) are here too,
so the derivation lives in this module only.
"""

from functools import cached_property

from django.http import Http404

from blocs.models import Agency, Bloc, Membership, User
from blocs.selectors import bloc_for_user, can_manage_province, roster, visible_province_ids


class BlocAccess:
    """One user facing one bloc in one year. Answers are computed on first use and kept: the
    role costs one query, or none when the roster is already loaded."""

    def __init__(self, user: User, bloc: Bloc, year: int, *, members: list[Membership] | None = None):
        self.user = user
        self.bloc = bloc
        self.year = year
        if members is not None:
            self.roster = members

    def __repr__(self) -> str:
        return f"<BlocAccess user={self.user.pk} bloc={self.bloc.pk} year={self.year} role={self.role}>"

    @cached_property
    def sees(self) -> bool:
        """The bloc is within the user's provinces (its existence may be shown)."""
        ids = visible_province_ids(self.user)
        return ids is None or self.bloc.province_id in ids

    @cached_property
    def manages(self) -> bool:
        """Home Affairs of the bloc's province (or of its successor), or an admin."""
        return can_manage_province(self.user, self.bloc.province_id)

    @cached_property
    def roster(self) -> list[Membership]:
        """The bloc's members that year: leader first, then deputies, then members by name."""
        return roster(self.bloc, self.year)

    @cached_property
    def role(self) -> str | None:
        """The role of the officer's agency in the bloc that year (None: not an officer of a member)."""
        user = self.user
        if not (user.is_authenticated and user.is_officer and user.agency_id):
            return None
        if "roster" in self.__dict__:
            return next((m.role for m in self.roster if m.agency_id == user.agency_id), None)
        return (
            Membership.objects.filter(bloc=self.bloc, year=self.year, agency_id=user.agency_id)
            .values_list("role", flat=True)
            .first()
        )

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def leads(self) -> bool:
        """The user's agency leads the bloc that year."""
        return self.role == Membership.Role.LEADER

    @property
    def manages_or_leads(self) -> bool:
        """Home Affairs, admin, or the leader agency's officer: who runs the bloc's year."""
        return self.manages or self.leads

    @property
    def agency_id(self) -> int | None:
        """The user's agency when it is a member of the bloc that year."""
        return self.user.agency_id if self.is_member else None

    @property
    def agency(self) -> Agency | None:
        return self.user.agency if self.is_member else None

    # --- the roster, for pages that list members ---------------------------------------------

    @property
    def leader(self) -> Membership | None:
        return next((m for m in self.roster if m.role == Membership.Role.LEADER), None)

    @property
    def member_ids(self) -> set[int]:
        return {m.agency_id for m in self.roster}

    @property
    def agencies(self) -> list[Agency]:
        return [m.agency for m in self.roster]

    def member(self, agency_id: int) -> Agency | None:
        """The member agency with this id that year, or None (not a member)."""
        return next((m.agency for m in self.roster if m.agency_id == agency_id), None)


def bloc_access(user: User, bloc: Bloc | int | str, year: int, *, with_roster: bool = False) -> BlocAccess:
    """The user's access to a bloc-year within their scope: a bloc outside their provinces is a
    404 (its existence is not revealed). `with_roster` loads the roster now, so the role costs
    no query of its own."""
    if isinstance(bloc, Bloc):
        access = BlocAccess(user, bloc, year)
        if not access.sees:
            raise Http404
    else:
        access = BlocAccess(user, bloc_for_user(user, bloc), year)
    if with_roster:
        access.roster  # noqa: B018 - loads and keeps the roster
    return access


def access_for(user: User, bloc: Bloc, year: int) -> BlocAccess:
    """The user's access to a bloc-year, kept on the user object for the rest of the request
    (predicates asked several times about the same bloc-year cost one role query). No scope
    check: callers that expose the bloc check `sees` or fetched it through a scoped selector."""
    cache = user.__dict__.setdefault("_bloc_access", {})
    key = (bloc.pk, year)
    if key not in cache:
        cache[key] = BlocAccess(user, bloc, year)
    return cache[key]


def _officer_agency_id(user: User) -> int | None:
    return user.agency_id if user.is_authenticated and user.is_officer else None


def led_bloc(user: User, year: int) -> Bloc | None:
    """The bloc the user's agency leads in `year`, if any (one query)."""
    agency_id = _officer_agency_id(user)
    if agency_id is None:
        return None
    membership = (
        Membership.objects.filter(agency_id=agency_id, year=year, role=Membership.Role.LEADER)
        .select_related("bloc")
        .first()
    )
    return membership.bloc if membership else None


def years_led(user: User) -> set[int]:
    """The years in which the user's agency led a bloc (one query)."""
    agency_id = _officer_agency_id(user)
    if agency_id is None:
        return set()
    return set(
        Membership.objects.filter(agency_id=agency_id, role=Membership.Role.LEADER).values_list("year", flat=True)
    )


def leads_bloc_of(user: User, agency: Agency, year: int) -> bool:
    """The user's agency leads, in `year`, the bloc `agency` belongs to (one query)."""
    agency_id = _officer_agency_id(user)
    if agency_id is None:
        return False
    return Membership.objects.filter(
        agency=agency,
        year=year,
        bloc__memberships__agency_id=agency_id,
        bloc__memberships__year=year,
        bloc__memberships__role=Membership.Role.LEADER,
    ).exists()


def years_as_member(user: User, bloc: Bloc, years: list[int]) -> set[int]:
    """Which of `years` the user's agency was a member of `bloc` in (one query)."""
    agency_id = _officer_agency_id(user)
    if agency_id is None:
        return set()
    return set(Membership.objects.filter(bloc=bloc, agency_id=agency_id, year__in=years).values_list("year", flat=True))


def bloc_years_as_member(user: User) -> list[tuple[int, int]]:
    """The (bloc id, year) pairs in which the user's agency is a member (one query)."""
    agency_id = _officer_agency_id(user)
    if agency_id is None:
        return []
    return list(Membership.objects.filter(agency_id=agency_id).values_list("bloc_id", "year"))
