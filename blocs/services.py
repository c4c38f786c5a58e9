"""Writes for blocs: one function per user action, each in one transaction.

Domain errors are raised as `django.core.exceptions.ValidationError` with Vietnamese messages
keyed by form field, so a view can hand them straight to its form.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from blocs.models import Agency, Bloc, BlocRegulation, Membership, User

ROLE_GROUPS = {
    User.Role.HOME_AFFAIRS: "Home Affairs staff",
    User.Role.OFFICER: "Agency emulation officers",
    User.Role.ADMIN: "System administrators",
}


# --- Errors shown to users (tests assert on these constants) --------------------------------


def err_other_bloc(agency, bloc, year):
    return _("%(agency)s is already a member of “%(bloc)s” in %(year)s.") % {
        "agency": agency,
        "bloc": bloc,
        "year": year,
    }


ERR_LEADER_NOT_MEMBER = "leader_not_member"
ERR_DEPUTY_NOT_MEMBER = "deputy_not_member"
ERR_DEPUTY_IS_LEADER = "deputy_is_leader"
ERR_TOO_MANY_DEPUTIES = "too_many_deputies"
ERR_DUPLICATE_DEPUTY = "duplicate_deputy"
ERR_WRONG_PROVINCE = "wrong_province"
ERR_NOT_VALID_IN_YEAR = "not_valid_in_year"
ERR_NEXT_YEAR_EXISTS = "next_year_exists"
ERR_EMPTY_ROSTER = "empty_roster"
ERR_NO_ROSTER = "no_roster"


def leadership_errors(
    *,
    bloc: Bloc,
    year: int,
    leader: Agency | None,
    deputies: Sequence[Agency],
    member_ids: Iterable[int],
    members_year: int | None = None,
) -> dict[str, list[ValidationError]]:
    """The leadership rules of a bloc-year, checked here and nowhere else (the roster, the
    rotation and the election all call this): the leader is not also a deputy, no agency is a
    deputy twice, at most the bloc's number of deputies, and the leader and every deputy are
    members (`member_ids`: the roster of `members_year`, `year` unless given: an election
    chooses next year's leadership among this year's members).

    Returns the errors by form field ("leader", "deputies") with the codes above, each message
    naming the year and the agency; empty when the leadership is valid. No query."""
    members_year = year if members_year is None else members_year
    member_ids = set(member_ids)
    errors: dict[str, list[ValidationError]] = {}

    def add(field_name, message, code):
        errors.setdefault(field_name, []).append(ValidationError(message, code=code))

    if leader is not None and leader.id not in member_ids:
        add(
            "leader",
            _("%(year)s: the leader %(agency)s is not a member of the bloc in %(members_year)s.")
            % {"year": year, "agency": leader, "members_year": members_year},
            ERR_LEADER_NOT_MEMBER,
        )
    if len(deputies) > bloc.max_deputies:
        add(
            "deputies",
            _("%(year)s: %(count)d deputies chosen, but this bloc allows at most %(n)d.")
            % {"year": year, "count": len(deputies), "n": bloc.max_deputies},
            ERR_TOO_MANY_DEPUTIES,
        )
    seen: set[int] = set()
    for deputy in deputies:
        if deputy.id in seen:
            add(
                "deputies",
                _("%(year)s: %(agency)s is chosen twice as deputy.") % {"year": year, "agency": deputy},
                ERR_DUPLICATE_DEPUTY,
            )
            continue
        seen.add(deputy.id)
        if leader is not None and deputy.id == leader.id:
            add(
                "deputies",
                _("%(year)s: %(agency)s is the leader and cannot also be the deputy.")
                % {"year": year, "agency": deputy},
                ERR_DEPUTY_IS_LEADER,
            )
        elif deputy.id not in member_ids:
            add(
                "deputies",
                _("%(year)s: the deputy %(agency)s is not a member of the bloc in %(members_year)s.")
                % {"year": year, "agency": deputy, "members_year": members_year},
                ERR_DEPUTY_NOT_MEMBER,
            )
    return errors


def validate_leadership(**kwargs) -> None:
    """`leadership_errors(**kwargs)` raised as one ValidationError (nothing when valid)."""
    errors = leadership_errors(**kwargs)
    if errors:
        raise ValidationError(errors)


@dataclass
class RosterChange:
    created: int = 0
    removed: int = 0
    changed: int = 0


def _validate_roster(*, bloc: Bloc, year: int, agencies: Sequence[Agency], leader, deputies) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def add(field_name, message, code):
        errors.setdefault(field_name, []).append(ValidationError(message, code=code))

    agency_ids = {a.id for a in agencies}
    if not agency_ids:
        add("agencies", _("A roster needs at least one member agency."), ERR_EMPTY_ROSTER)
    for agency in agencies:
        if agency.province_id != bloc.province_id:
            add("agencies", _("%(agency)s belongs to another province.") % {"agency": agency}, ERR_WRONG_PROVINCE)
        elif not agency.is_valid_in_year(year):
            add(
                "agencies",
                _("%(agency)s did not exist in %(year)s.") % {"agency": agency, "year": year},
                ERR_NOT_VALID_IN_YEAR,
            )
    elsewhere = (
        Membership.objects.filter(agency_id__in=agency_ids, year=year)
        .exclude(bloc=bloc)
        .select_related("agency", "bloc")
    )
    for m in elsewhere:
        add("agencies", err_other_bloc(m.agency, m.bloc, year), "other_bloc")
    for field_name, field_errors in leadership_errors(
        bloc=bloc, year=year, leader=leader, deputies=deputies, member_ids=agency_ids
    ).items():
        errors.setdefault(field_name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_roster(
    *,
    bloc: Bloc,
    year: int,
    agencies: Iterable[Agency],
    leader: Agency | None = None,
    deputies: Sequence[Agency] = (),
    source: str = Membership.Source.MANUAL,
    source_reference: str = "",
    source_date: date | None = None,
    refresh_source: bool = False,
) -> RosterChange:
    """Make `agencies` the bloc's roster for `year`, with the given leader and deputies.

    Members not listed are removed. A role that does not change keeps its recorded source,
    unless `refresh_source` (a new election or decision confirming the same leaders); a role
    newly given gets `source`. All or nothing: on any error nothing is written."""
    agencies = list(agencies)
    deputies = list(deputies)
    _validate_roster(bloc=bloc, year=year, agencies=agencies, leader=leader, deputies=deputies)

    wanted: dict[int, tuple[str, int | None]] = {a.id: (Membership.Role.MEMBER, None) for a in agencies}
    if leader is not None:
        wanted[leader.id] = (Membership.Role.LEADER, None)
    for slot, d in enumerate(deputies, start=1):
        wanted[d.id] = (Membership.Role.DEPUTY, slot)

    existing = {m.agency_id: m for m in Membership.objects.select_for_update().filter(bloc=bloc, year=year)}
    change = RosterChange()
    # Free leader and deputy places first so that swapping roles never trips a constraint midway.
    for agency_id, m in existing.items():
        if agency_id not in wanted:
            m.delete()
            change.removed += 1
        elif (m.role, m.deputy_slot) != wanted[agency_id] and m.role != Membership.Role.MEMBER:
            m.role, m.deputy_slot = Membership.Role.MEMBER, None
            m.save(update_fields=["role", "deputy_slot"])
    for agency_id, (role, slot) in wanted.items():
        m = existing.get(agency_id)
        if m is None:
            m = Membership(bloc=bloc, agency_id=agency_id, year=year)
            change.created += 1
        elif (m.role, m.deputy_slot) == (role, slot):
            new_source = (source, source_reference, source_date)
            if not refresh_source or role == Membership.Role.MEMBER:
                continue
            if (m.role_source, m.role_source_reference, m.role_source_date) == new_source:
                continue
            m.role_source, m.role_source_reference, m.role_source_date = new_source
            m.save(update_fields=["role_source", "role_source_reference", "role_source_date"])
            change.changed += 1
            continue
        else:
            change.changed += 1
        m.role, m.deputy_slot = role, slot
        if role == Membership.Role.MEMBER:
            m.role_source, m.role_source_reference, m.role_source_date = "", "", None
        else:
            m.role_source, m.role_source_reference, m.role_source_date = source, source_reference, source_date
        try:
            with transaction.atomic():
                m.save()
        except IntegrityError as exc:  # a concurrent writer got there first
            raise ValidationError(_("The roster was changed by someone else at the same time; please reload.")) from exc
    return change


@dataclass
class RotationProposal:
    bloc: Bloc
    from_year: int
    year: int
    agencies: list[Agency]
    leader: Agency | None
    deputies: list[Agency] = field(default_factory=list)
    dropped: list[Agency] = field(default_factory=list)
    # What the rule could not propose, and why (shown above the form): Home Affairs chooses.
    notes: list[str] = field(default_factory=list)

    def matches(self, *, leader: Agency | None, deputies: Sequence[Agency]) -> bool:
        """The confirmed leadership is the one the rule proposed (else it is a manual choice)."""
        proposed = ([self.leader.id] if self.leader else []) + [d.id for d in self.deputies]
        confirmed = ([leader.id] if leader else []) + [d.id for d in deputies]
        return self.leader is not None and proposed == confirmed


def _carry_forward(agencies: Iterable[Agency], year: int) -> tuple[list[Agency], list[Agency]]:
    """Map each agency to itself or, if it no longer exists in `year`, to its valid successor."""
    kept, dropped, seen = [], [], set()
    for agency in agencies:
        current = agency
        hops = 0
        while current is not None and not current.is_valid_in_year(year) and hops < 10:
            current = current.successor
            hops += 1
        if current is None or not current.is_valid_in_year(year):
            dropped.append(agency)
        elif current.id not in seen:
            seen.add(current.id)
            kept.append(current)
    return kept, dropped


def propose_next_year(*, bloc: Bloc, year: int) -> RotationProposal:
    """Propose the roster of `year + 1` from that of `year`.

    Default rule: this year's (first) deputy becomes leader; the deputies are the members who
    have gone longest without leading this bloc (never led first), ties broken by the longest
    membership of the bloc, then by name. This year's leader is not proposed as deputy."""
    members = list(
        Membership.objects.filter(bloc=bloc, year=year).select_related("agency__successor").order_by("agency__name")
    )
    if not members:
        raise ValidationError(_("The bloc has no roster in %(year)s to copy.") % {"year": year}, code=ERR_NO_ROSTER)
    next_year = year + 1
    agencies, dropped = _carry_forward([m.agency for m in members], next_year)
    by_id = {a.id: a for a in agencies}

    current_leader = next((m.agency for m in members if m.role == Membership.Role.LEADER), None)
    first_deputy = min(
        (m for m in members if m.role == Membership.Role.DEPUTY), key=lambda m: m.deputy_slot, default=None
    )
    leader = None
    notes = []
    if first_deputy is not None:
        carried, _dropped = _carry_forward([first_deputy.agency], next_year)
        leader = by_id.get(carried[0].id) if carried else None
        if leader is None:
            notes.append(
                _("No leader is proposed for %(next)s: %(agency)s, deputy in %(year)s, no longer exists.")
                % {"next": next_year, "agency": first_deputy.agency, "year": year}
            )
    else:
        notes.append(
            _("No leader is proposed for %(next)s: the bloc had no deputy in %(year)s. Choose the leader.")
            % {"next": next_year, "year": year}
        )
    if current_leader is None:
        notes.append(_("The bloc had no leader in %(year)s.") % {"year": year})

    last_led = dict(
        Membership.objects.filter(bloc=bloc, role=Membership.Role.LEADER, year__lte=year)
        .values_list("agency_id")
        .annotate(y=Max("year"))
        .order_by()
    )
    first_joined = dict(
        Membership.objects.filter(bloc=bloc, year__lte=year).values_list("agency_id").annotate(y=Min("year")).order_by()
    )
    excluded = {a.id for a in (leader, current_leader) if a is not None}
    candidates = [a for a in agencies if a.id not in excluded]
    candidates.sort(key=lambda a: (last_led.get(a.id, 0), first_joined.get(a.id, next_year), a.name))
    deputies = candidates[: bloc.max_deputies]
    if len(deputies) < bloc.max_deputies:
        notes.append(
            _("Only %(n)s of the bloc's %(max)s deputies could be proposed: too few other members.")
            % {"n": len(deputies), "max": bloc.max_deputies}
        )
    return RotationProposal(
        bloc=bloc,
        from_year=year,
        year=next_year,
        agencies=agencies,
        leader=leader,
        deputies=deputies,
        dropped=dropped,
        notes=notes,
    )


@transaction.atomic
def prepare_next_year(
    *, bloc: Bloc, year: int, agencies: Iterable[Agency], leader: Agency | None, deputies: Sequence[Agency]
) -> RosterChange:
    """Create the roster of `year + 1` as confirmed (or changed) by Home Affairs. The leadership's
    source says which: the rule's proposal confirmed (rotation, or the decision for a bloc whose
    leaders are appointed), or Home Affairs' own choice (manual) when it differs from it."""
    if Membership.objects.filter(bloc=bloc, year=year + 1).exists():
        raise ValidationError(
            _("The bloc already has a roster for %(year)s; edit it instead.") % {"year": year + 1},
            code=ERR_NEXT_YEAR_EXISTS,
        )
    deputies = list(deputies)
    if propose_next_year(bloc=bloc, year=year).matches(leader=leader, deputies=deputies):
        source = Membership.Source.ROTATION
        if bloc.leader_selection == Bloc.LeaderSelection.APPOINTED:
            source = Membership.Source.DECISION
    else:
        source = Membership.Source.MANUAL
    return set_roster(bloc=bloc, year=year + 1, agencies=agencies, leader=leader, deputies=deputies, source=source)


@transaction.atomic
def set_leadership(
    *,
    bloc: Bloc,
    year: int,
    leader: Agency | None,
    deputies: Sequence[Agency],
    source: str,
    source_reference: str = "",
    source_date: date | None = None,
) -> RosterChange:
    """Record who leads and deputises `bloc` in `year` (an election or an appointing decision).

    If the bloc has no roster for `year` yet, the roster of `year - 1` is carried forward first.
    Other members keep their places. The leader and deputies get this source even if they held
    the role already (the election or decision is what now grounds it)."""
    current = list(Membership.objects.filter(bloc=bloc, year=year).select_related("agency"))
    if current:
        agencies = [m.agency for m in current]
    else:
        previous = list(Membership.objects.filter(bloc=bloc, year=year - 1).select_related("agency__successor"))
        if not previous:
            raise ValidationError(
                _("The bloc has no roster in %(year)s to copy.") % {"year": year - 1}, code=ERR_NO_ROSTER
            )
        agencies, _dropped = _carry_forward([m.agency for m in previous], year)
    return set_roster(
        bloc=bloc,
        year=year,
        agencies=agencies,
        leader=leader,
        deputies=deputies,
        source=source,
        source_reference=source_reference,
        source_date=source_date,
        refresh_source=True,
    )


@transaction.atomic
def save_bloc(*, bloc: Bloc) -> Bloc:
    """Create or update a bloc after validating it (forms call this with their unsaved instance)."""
    if (
        bloc.pk
        and Membership.objects.filter(
            bloc=bloc, role=Membership.Role.DEPUTY, deputy_slot__gt=bloc.max_deputies
        ).exists()
    ):
        raise ValidationError(
            {"max_deputies": _("Some year already has more deputies than this; change those rosters first.")}
        )
    bloc.full_clean()
    bloc.save()
    return bloc


@transaction.atomic
def save_regulation(*, regulation: BlocRegulation) -> BlocRegulation:
    """Create or update the regulation of a bloc-year."""
    regulation.full_clean()
    regulation.save()
    return regulation


def ensure_role_groups() -> dict[str, Group]:
    """The three role groups, with the model permissions each needs in the admin."""
    groups = {}
    for role, name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        groups[role] = group
    admin_perms = Permission.objects.filter(content_type__app_label__in=["blocs", "awards", "conferences", "scoring"])
    groups[User.Role.ADMIN].permissions.set(admin_perms)
    ha_perms = Permission.objects.filter(
        content_type__app_label="blocs", content_type__model__in=["bloc", "membership", "blocregulation", "movement"]
    )
    groups[User.Role.HOME_AFFAIRS].permissions.set(ha_perms)
    return groups


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    province=None,
    agency=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    must_change_password: bool = False,
) -> User:
    """Create a user in a role; admins get the admin site, the others work in the app pages."""
    user = User(
        username=username,
        role=role,
        province=province if role == User.Role.HOME_AFFAIRS else None,
        agency=agency if role == User.Role.OFFICER else None,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        must_change_password=must_change_password,
        is_staff=role == User.Role.ADMIN,
        is_superuser=role == User.Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([ensure_role_groups()[role]])
    return user


@transaction.atomic
def reset_password_by_other(*, user: User, password: str) -> User:
    """Someone else (the admin, Home Affairs) sets the user's password: every session of the user
    ends (Django's session hash follows the password) and the user must choose a new one."""
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return user


def password_changed_by_owner(*, user: User) -> None:
    """The user chose the password (change or reset by e-mail): no forced change is pending."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def unlock_account(*, username: str) -> int:
    """Lift django-axes' lock on a username (every address); the count of attempts removed."""
    return axes_reset(username=username)
