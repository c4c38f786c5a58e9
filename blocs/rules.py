"""Object-level permissions for blocs, in one place (django-rules).

Views ask `request.user.has_perm("blocs.<name>", obj)`; the predicates lean on the scoped
selectors, so "who may see what" is decided once.

The bloc-year predicates take a `blocs.access.BlocAccess` (what the user is to a bloc in a year);
every app builds its bloc-year permissions from them (`scoring.rules`, `reports.rules`).
"""

import rules

from blocs import selectors


@rules.predicate
def is_admin(user):
    return user.is_authenticated and user.is_admin_role


@rules.predicate
def is_home_affairs(user):
    return user.is_authenticated and user.is_home_affairs


@rules.predicate
def can_see_bloc(user, bloc):
    ids = selectors.visible_province_ids(user)
    return ids is None or bloc.province_id in ids


@rules.predicate
def can_manage_bloc(user, bloc):
    return selectors.can_manage_province(user, bloc.province_id)


@rules.predicate
def can_manage_province(user, province):
    return selectors.can_manage_province(user, province.id)


def _access(user, access):
    """The access object when it describes this user (never another user's answers)."""
    return access if access is not None and access.user.pk == user.pk else None


@rules.predicate
def manages_bloc_year(user, access):
    """Home Affairs of the bloc's province (or its successor), or an admin."""
    access = _access(user, access)
    return access is not None and access.manages


@rules.predicate
def leads_bloc_year(user, access):
    """The officer of the agency that leads the bloc that year."""
    access = _access(user, access)
    return access is not None and access.leads


@rules.predicate
def is_bloc_year_member(user, access):
    """An officer of an agency that is a member of the bloc that year (the leader included)."""
    access = _access(user, access)
    return access is not None and access.is_member


rules.add_perm("blocs.see_bloc", rules.is_authenticated & can_see_bloc)
rules.add_perm("blocs.manage_bloc", rules.is_authenticated & can_manage_bloc)
rules.add_perm("blocs.add_bloc_in_province", rules.is_authenticated & can_manage_province)
