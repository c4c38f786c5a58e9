"""Who may read which report (django-rules), decided once here.

- Home Affairs of the province (or of its successor) and admins: every report of the province,
  the province roll-up and the statutory forms, with any scope (drafts included, shown per row).
- The leader agency's officer, for the year its agency leads the bloc: the bloc's reports, in
  every format (it sends them to Home Affairs).
- Member agencies' officers, for a year their agency is in the bloc: read the bloc's reports on
  the page (no download). Officers never see another agency's drafts: their reports count
  only submitted and accepted submissions (scope "submitted" or "accepted").
- Anyone else in the province: 403; outside the province: 404 (the scoped selectors).
"""

from dataclasses import dataclass, field

import rules

from blocs import selectors as bloc_selectors
from blocs.models import Bloc, Membership


@dataclass
class BlocYear:
    """A bloc in a year: the object the report permissions are checked against."""

    bloc: Bloc
    year: int
    _roles: dict = field(default_factory=dict)

    def role_of(self, user) -> str | None:
        """The role of the officer's agency in the bloc that year (one query per user, cached)."""
        if not (user.is_authenticated and user.is_officer):
            return None
        if user.pk not in self._roles:
            self._roles[user.pk] = (
                Membership.objects.filter(bloc=self.bloc, year=self.year, agency_id=user.agency_id)
                .values_list("role", flat=True)
                .first()
            )
        return self._roles[user.pk]


@rules.predicate
def manages_bloc_province(user, bloc_year):
    return bloc_selectors.can_manage_province(user, bloc_year.bloc.province_id)


@rules.predicate
def is_member_officer(user, bloc_year):
    return bloc_year.role_of(user) is not None


@rules.predicate
def is_leader_officer(user, bloc_year):
    return bloc_year.role_of(user) == Membership.Role.LEADER


@rules.predicate
def manages_province(user, province):
    return bloc_selectors.can_manage_province(user, province.id)


rules.add_perm("reports.view_bloc_report", rules.is_authenticated & (manages_bloc_province | is_member_officer))
rules.add_perm("reports.export_bloc_report", rules.is_authenticated & (manages_bloc_province | is_leader_officer))
rules.add_perm("reports.see_all_submissions", rules.is_authenticated & manages_bloc_province)
rules.add_perm("reports.view_province_reports", rules.is_authenticated & manages_province)
