"""Object-level permissions for awards (django-rules).

Objects are first fetched through the scoped selectors (out of scope → 404); these predicates
then decide what the user may do with them (in scope but not allowed → 403).
"""

import rules

from awards import selectors
from blocs import selectors as bloc_selectors
from blocs.access import led_bloc


@rules.predicate
def manages_period_province(user, period):
    return bloc_selectors.can_manage_province(user, period.province_id)


@rules.predicate
def manages_province(user, province):
    return bloc_selectors.can_manage_province(user, province.id)


@rules.predicate
def leads_a_bloc_that_year(user, period):
    return led_bloc(user, period.year) is not None


@rules.predicate
def may_enter_figures(user, slot):
    return selectors.can_enter_figures(user, agency=slot.agency, period=slot.period)


@rules.predicate
def slot_is_editable(user, slot):
    return slot.is_editable


@rules.predicate
def may_review(user, submission):
    return selectors.can_review(user, submission)


rules.add_perm("awards.add_period_in_province", rules.is_authenticated & manages_province)
rules.add_perm("awards.manage_period", rules.is_authenticated & manages_period_province)
rules.add_perm("awards.view_board", rules.is_authenticated & (manages_period_province | leads_a_bloc_that_year))
rules.add_perm("awards.edit_slot", rules.is_authenticated & may_enter_figures & slot_is_editable)
rules.add_perm("awards.review_submission", rules.is_authenticated & may_review)
