"""Who may do what with movements, the covenant and scores (django-rules), in one place.

The object of most permissions is a `blocs.access.BlocAccess` (a bloc in one year as seen by the
user, built by `blocs.access.bloc_access`); movement permissions take the movement. Views ask
`user.has_perm("scoring.<name>", obj)`.

- managers of a bloc-year: Home Affairs of the province (or admin) and the officer of the agency
  that leads the bloc that year; they edit the covenant and the scoring table, score members
  (method "leader"), apply bonuses and penalties, finalise, and see every score;
- members (officers of a member agency): self-score their own agency, cross-score the others
  (method "cross_average"), record their own pledge; they see only their own scores, and the
  ranking once it is finalised;
- the history of a bloc-year is read by its managers (every change) and its members (the shared
  structure and the rows concerning their own agency); for anyone else it does not exist (404).
"""

import rules

from blocs.rules import is_bloc_year_member, leads_bloc_year, manages_bloc_year
from scoring import selectors

# Managers of a bloc-year: Home Affairs (or admin) and the leader agency's officer.
runs_bloc_year = manages_bloc_year | leads_bloc_year


@rules.predicate
def can_manage_movement(user, movement):
    return movement is not None and selectors.can_manage_movement(user, movement)


rules.add_perm("scoring.manage_bloc_year", rules.is_authenticated & runs_bloc_year)
rules.add_perm("scoring.take_part", rules.is_authenticated & is_bloc_year_member)
rules.add_perm("scoring.view_history", rules.is_authenticated & (runs_bloc_year | is_bloc_year_member))
rules.add_perm("scoring.manage_movement", rules.is_authenticated & can_manage_movement)
