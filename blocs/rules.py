"""Object-level permissions for blocs, in one place (django-rules).

Views ask `request.user.has_perm("blocs.<name>", obj)`; the predicates lean on the scoped
selectors, so "who may see what" is decided once.
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


rules.add_perm("blocs.see_bloc", rules.is_authenticated & can_see_bloc)
rules.add_perm("blocs.manage_bloc", rules.is_authenticated & can_manage_bloc)
rules.add_perm("blocs.add_bloc_in_province", rules.is_authenticated & can_manage_province)
