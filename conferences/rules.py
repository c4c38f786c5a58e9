"""Object-level permissions for conferences (django-rules). The object is a Conference (an
unsaved one carrying bloc and year for "may create"); the decisions live in `selectors`."""

import rules

from conferences import selectors


@rules.predicate
def can_read(user, conference):
    return conference is not None and selectors.can_read_conferences(user, conference.bloc, conference.year)


@rules.predicate
def can_manage(user, conference):
    return conference is not None and selectors.can_manage_conferences(user, conference.bloc, conference.year)


rules.add_perm("conferences.view_conference", rules.is_authenticated & can_read)
rules.add_perm("conferences.manage_conference", rules.is_authenticated & can_manage)
