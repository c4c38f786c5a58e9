"""Object-level permissions for proposal dossiers (django-rules). The object is a Dossier (an
unsaved one carrying bloc and year for "may create"); the answers come from `blocs.access`
through `proposals.selectors`."""

import rules

from proposals import selectors


@rules.predicate
def can_read(user, dossier):
    return dossier is not None and selectors.can_read(user, dossier.bloc, dossier.year)


@rules.predicate
def can_build(user, dossier):
    return dossier is not None and selectors.can_build(user, dossier.bloc, dossier.year)


@rules.predicate
def can_process(user, dossier):
    return dossier is not None and selectors.can_process(user, dossier.bloc, dossier.year)


@rules.predicate
def sees_all(user, dossier):
    return dossier is not None and selectors.sees_all_items(user, dossier)


rules.add_perm("proposals.view_dossier", rules.is_authenticated & can_read)
# Build the dossier from the votes, add nominees and documents, submit: the leader officer.
rules.add_perm("proposals.build_dossier", rules.is_authenticated & can_build)
# Receive, return, record the council's review and the decision, close: Home Affairs, admins.
rules.add_perm("proposals.process_dossier", rules.is_authenticated & can_process)
# Every item, the documents and the generated papers: Home Affairs, admins, the leader officer.
rules.add_perm("proposals.see_whole_dossier", rules.is_authenticated & sees_all)
