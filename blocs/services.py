"""Writes for blocs: one function per user action, each in one transaction.

Domain errors are raised as `django.core.exceptions.ValidationError` with Vietnamese messages
keyed by form field, so a view can hand them straight to its form.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from blocs.imports import plan_division
from blocs.models import Agency, AgencyName, Bloc, BlocRegulation, Membership, User
from blocs.text import match_key, normalize_text, vn_slug

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

    existing = {m.agency_id: m for m in Membership.objects.select_for_update(of=("self",)).filter(bloc=bloc, year=year)}
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
        Membership.objects.filter(bloc=bloc, year=year)
        .select_related("agency__successor")
        .order_by("agency__sort_name")
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
    candidates.sort(key=lambda a: (last_led.get(a.id, 0), first_joined.get(a.id, next_year), a.sort_name))
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
    over = (
        list(
            Membership.objects.filter(bloc=bloc, role=Membership.Role.DEPUTY, deputy_slot__gt=bloc.max_deputies)
            .select_related("agency")
            .order_by("year", "deputy_slot")
        )
        if bloc.pk
        else []
    )
    if over:
        raise ValidationError(
            {
                "max_deputies": _(
                    "In %(years)s the bloc has more deputies than this (%(agencies)s); change those rosters first."
                )
                % {
                    "years": ", ".join(str(y) for y in sorted({m.year for m in over})),
                    "agencies": ", ".join(f"{m.agency.name} ({m.year})" for m in over),
                }
            }
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


def _role_permissions(role: str):
    """The model permissions a role's group gives in the admin."""
    if role == User.Role.ADMIN:
        return Permission.objects.filter(content_type__app_label__in=["blocs", "awards", "conferences", "scoring"])
    if role == User.Role.HOME_AFFAIRS:
        return Permission.objects.filter(
            content_type__app_label="blocs",
            content_type__model__in=["bloc", "membership", "blocregulation", "movement"],
        )
    return Permission.objects.none()


def role_group(role: str) -> Group:
    """The group of a role; made with its permissions the first time a user of the role is."""
    group, created = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    if created:
        group.permissions.set(_role_permissions(role))
    return group


def ensure_role_groups() -> dict[str, Group]:
    """The three role groups with their permissions brought up to date. Run after each
    ``migrate`` (``sync_role_groups_after_migrate``): a new model's permissions reach the groups
    that exist."""
    groups = {}
    for role, name in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_role_permissions(role))
        groups[role] = group
    return groups


def sync_role_groups_after_migrate(sender, plan=None, **kwargs) -> None:
    """``post_migrate`` receiver (connected in ``BlocsConfig.ready``): once per ``migrate`` that
    applied migrations, after the last app's signal (apps without models get none), when every
    app's permissions exist. A ``flush`` sends the signal without a plan: the emptied database
    has no groups to update."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if plan and sender.label == last.label:
        ensure_role_groups()


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
    user.groups.set([role_group(role)])
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


# --- Agencies (the agencies page of Home Affairs) -------------------------------------------

ERR_AGENCY_NAME_TAKEN = "agency_name_taken"
ERR_SAME_NAME = "same_name"
ERR_SUCCESSOR_PROVINCE = "successor_province"
ERR_SUCCESSOR_SELF = "successor_self"
ERR_SUCCESSOR_ENDED = "successor_ended"
ERR_RENAMED_ON_TAKEN = "renamed_on_taken"


def _check_agency_name_free(agency: Agency) -> None:
    """Two agencies of a province may not bear names that differ only in case, spacing or
    Unicode form (the import and the pickers could not tell them apart)."""
    key = match_key(agency.name)
    others = Agency.objects.filter(province_id=agency.province_id).exclude(pk=agency.pk)
    clash = next((a for a in others.only("id", "name") if match_key(a.name) == key), None)
    if clash is not None:
        raise ValidationError(
            {"name": _("The province already has the agency “%(name)s”.") % {"name": clash.name}},
            code=ERR_AGENCY_NAME_TAKEN,
        )


@transaction.atomic
def save_agency(*, agency: Agency) -> Agency:
    """Create an agency or correct its details (a typo in the name is corrected for every year;
    a real renaming goes through `rename_agency`)."""
    agency.name = normalize_text(agency.name)
    agency.short_name = normalize_text(agency.short_name)
    _check_agency_name_free(agency)
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def rename_agency(*, agency: Agency, name: str, renamed_on: date) -> Agency:
    """The agency takes a new name from `renamed_on`; the old one is kept for the years before
    (`Agency.name_in_year`). Accounts, rosters and figures stay with the agency."""
    name = normalize_text(name)
    if match_key(name) == match_key(agency.name):
        raise ValidationError({"name": _("The new name is the same as the current one.")}, code=ERR_SAME_NAME)
    if agency.former_names.filter(renamed_on=renamed_on).exists():
        raise ValidationError(
            {"renamed_on": _("This agency was already renamed on this date.")}, code=ERR_RENAMED_ON_TAKEN
        )
    old_name = agency.name
    agency.name = name
    _check_agency_name_free(agency)
    agency.full_clean()
    AgencyName.objects.create(agency=agency, name=old_name, renamed_on=renamed_on)
    agency.save(update_fields=["name"])
    return agency


@transaction.atomic
def end_agency(*, agency: Agency, valid_to: date, successor: Agency | None = None) -> Agency:
    """The agency ceases on `valid_to` (dissolved, or merged into `successor`, which takes its
    place when next year's roster is prepared)."""
    errors = {}
    if successor is not None:
        if successor.pk == agency.pk:
            errors["successor"] = ValidationError(_("An agency cannot be its own successor."), code=ERR_SUCCESSOR_SELF)
        elif successor.province_id != agency.province_id:
            errors["successor"] = ValidationError(
                _("The successor must be an agency of the same province."), code=ERR_SUCCESSOR_PROVINCE
            )
        elif successor.valid_to is not None and successor.valid_to <= valid_to:
            errors["successor"] = ValidationError(
                _("%(agency)s itself ceased on %(date)s.")
                % {"agency": successor.name, "date": successor.valid_to.strftime("%d/%m/%Y")},
                code=ERR_SUCCESSOR_ENDED,
            )
    if errors:
        raise ValidationError(errors)
    agency.valid_to = valid_to
    agency.successor = successor
    agency.full_clean()
    agency.save(update_fields=["valid_to", "successor"])
    return agency


@transaction.atomic
def reactivate_agency(*, agency: Agency) -> Agency:
    """Undo an end of validity (entered by mistake): the agency is valid again, without successor."""
    agency.valid_to = None
    agency.successor = None
    agency.save(update_fields=["valid_to", "successor"])
    return agency


# --- Officer accounts (the accounts page of Home Affairs) -----------------------------------

ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on a phone call


def one_time_password() -> str:
    """A password to read out or hand over once, e.g. "k7mq-x3dh-9tpa"; the user must change it."""
    groups = ("".join(secrets.choice(ONE_TIME_ALPHABET) for _i in range(4)) for _g in range(3))
    return "-".join(groups)


def suggest_username(agency: Agency) -> str:
    """A free username for an officer of `agency`: the province's initials, a dot, the agency's
    short name as a code ("bg.cong-an-tinh"), with 2, 3… appended when taken."""
    initials = "".join(word[0] for word in vn_slug(agency.province.code or agency.province.name).split("-") if word)
    base = f"{initials}.{vn_slug(agency.short_name or agency.name, max_length=40)}"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


@dataclass
class NewAccount:
    user: User
    password: str


@transaction.atomic
def create_officer_account(
    *,
    agency: Agency,
    username: str,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    email: str = "",
) -> NewAccount:
    """An officer account for `agency` with a one-time password (returned once, never stored in
    clear); the officer chooses their own at the first login."""
    password = one_time_password()
    user = create_user(
        username=username,
        password=password,
        role=User.Role.OFFICER,
        agency=agency,
        first_name=normalize_text(first_name),
        last_name=normalize_text(last_name),
        job_title=normalize_text(job_title),
        email=email,
        must_change_password=True,
    )
    return NewAccount(user=user, password=password)


@transaction.atomic
def set_account_active(*, user: User, active: bool) -> User:
    """Deactivate (the person left) or reactivate an account. A deactivated user's open sessions
    stop working at their next request (Django refuses inactive users)."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reset_to_one_time_password(*, user: User) -> str:
    """Give the user a new one-time password (shown once to whoever reset it)."""
    password = one_time_password()
    reset_password_by_other(user=user, password=password)
    return password


# --- Importing the bloc division (blocs/imports.py parses and plans; this writes) -------------

ERR_IMPORT_STALE = "import_stale"


@transaction.atomic
def import_division(*, province, year: int, rows, expected_digest: str | None = None):
    """Apply a parsed division file to `province` in `year`, all or nothing.

    The plan is made again inside the transaction (so it is what the database holds now); if
    `expected_digest` (the preview's) differs, nothing is written. New agencies and blocs are
    created, changed kinds, numbers and deputy counts saved, then each bloc's roster is set
    through `set_roster`, so the one leadership validator applies. An agency moving between
    two blocs of the file is first removed from its old bloc. Returns the plan applied."""
    plan = plan_division(province=province, year=year, rows=rows)
    if plan.errors:
        raise ValidationError(plan.errors)
    if expected_digest is not None and plan.digest() != expected_digest:
        raise ValidationError(
            _("The agencies, blocs or rosters changed since the preview; check the new preview and import again."),
            code=ERR_IMPORT_STALE,
        )
    agencies = {match_key(a.name): a for a in Agency.objects.filter(province=province)}
    for name, kind in plan.new_agencies:
        agency = save_agency(agency=Agency(province=province, name=name, short_name=name, kind=kind))
        agencies[match_key(agency.name)] = agency
    for agency, kind in plan.agency_changes:
        agency.kind = kind
        agency.save(update_fields=["kind"])

    blocs = {}
    for bp in plan.blocs:
        bloc = bp.bloc or Bloc(province=province, name=bp.name)
        if bp.bloc is None or bp.changes:
            bloc.kind, bloc.number, bloc.max_deputies = bp.kind, bp.number, bp.max_deputies
            bloc = save_bloc(bloc=bloc)
        blocs[bp.name] = bloc

    def resolved(bp):
        members = [(agencies[match_key(m.agency_name)], m) for m in bp.members]
        leader = next((a for a, m in members if m.role == Membership.Role.LEADER), None)
        deputies = [a for a, m in sorted(members, key=lambda x: x[1].deputy_slot or 0) if m.deputy_slot]
        return [a for a, _m in members], leader, deputies

    # Pass 1: blocs losing members let them go (keeping the roles of those who stay), so that
    # the blocs receiving them in pass 2 find them free.
    changing = [bp for bp in plan.blocs if bp.bloc is not None and bp.roster_changes]
    for bp in changing:
        wanted_ids = {a.id for a in resolved(bp)[0]}
        current = list(Membership.objects.filter(bloc=bp.bloc, year=year).select_related("agency"))
        kept = [m for m in current if m.agency_id in wanted_ids]
        if len(kept) == len(current) or not kept:
            continue
        set_roster(
            bloc=blocs[bp.name],
            year=year,
            agencies=[m.agency for m in kept],
            leader=next((m.agency for m in kept if m.role == Membership.Role.LEADER), None),
            deputies=[m.agency for m in sorted(kept, key=lambda m: m.deputy_slot or 0) if m.deputy_slot],
        )
    # Pass 2: every new or changed roster as the file says.
    for bp in plan.blocs:
        if bp.bloc is not None and not bp.roster_changes:
            continue
        members, leader, deputies = resolved(bp)
        set_roster(bloc=blocs[bp.name], year=year, agencies=members, leader=leader, deputies=deputies)
    return plan
