"""What an API caller may read, in one place.

The API decides nothing of its own about scope: a session user sees through the API what the
pages show them, and a token sees what Home Affairs of its province sees (an admin, for a
national token). Every call into the other apps' access rules is in this module, so that when
those rules move (an access object in `blocs`) only this file follows.

- `principal_for_token(token)`: the user a token acts as: an unsaved Home Affairs user of the
  token's province, or an unsaved admin for a national token. It is never saved and only ever
  passed to the scoped selectors.
- Lists: objects outside the caller's provinces are not listed; a filter naming a province
  outside them is refused (403).
- Objects: outside the caller's provinces → 404; in scope but not for this role → 403.
- Officers read their province's catalogue (provinces, agencies, blocs, rosters, periods), and,
  for a year their agency is a member of a bloc, that bloc's submission states, conferences
  and award counts — the other members' counts once submitted, their own in every state (as in
  the bloc report, which never shows an officer another agency's draft).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from awards import selectors as award_selectors
from awards.counting import SUBMITTED_STATES
from awards.models import AwardRecord, ReportingPeriod, Submission
from blocs import selectors as bloc_selectors
from blocs.access import access_for, bloc_access
from blocs.models import Agency, Bloc, Membership, Province, User
from conferences.models import Conference
from reports import views as report_views
from scoring import selectors as scoring_selectors

SENT_STATES = list(SUBMITTED_STATES)


def principal_for_token(token) -> User:
    """The unsaved user a token acts as (see the module docstring)."""
    if token.province_id is None:
        return User(username=f"api-token-{token.pk}", role=User.Role.ADMIN, is_active=True)
    return User(
        username=f"api-token-{token.pk}",
        role=User.Role.HOME_AFFAIRS,
        province=token.province,
        is_active=True,
    )


@dataclass
class Scope:
    user: User

    # --- who the caller is -----------------------------------------------------------------

    @property
    def province_ids(self) -> set[int] | None:
        """The provinces the caller reads; None: all (admins, national tokens)."""
        return bloc_selectors.visible_province_ids(self.user)

    def manages(self, province_id: int) -> bool:
        """Home Affairs of the province (or its successor), admins, tokens of the province."""
        return bloc_selectors.can_manage_province(self.user, province_id)

    @property
    def is_manager(self) -> bool:
        """Reads every bloc-year of its provinces (Home Affairs, admins, tokens)."""
        return self.user.is_admin_role or self.user.is_home_affairs

    @property
    def officer_agency_id(self) -> int | None:
        return self.user.agency_id if self.user.is_officer else None

    def _in(self, qs: QuerySet, field: str) -> QuerySet:
        ids = self.province_ids
        return qs if ids is None else qs.filter(**{f"{field}__in": ids})

    def require_province(self, province_id: int | None) -> None:
        """A list filtered on a province outside the caller's scope: 403."""
        ids = self.province_ids
        if province_id is not None and ids is not None and province_id not in ids:
            raise PermissionDenied

    # --- catalogue -------------------------------------------------------------------------

    def provinces(self) -> QuerySet[Province]:
        return bloc_selectors.provinces_for_user(self.user)

    def agencies(self) -> QuerySet[Agency]:
        return bloc_selectors.agencies_for_user(self.user)

    def blocs(self) -> QuerySet[Bloc]:
        return bloc_selectors.blocs_for_user(self.user)

    def bloc(self, pk) -> Bloc:
        return bloc_selectors.bloc_for_user(self.user, pk)

    def memberships(self) -> QuerySet[Membership]:
        return self._in(Membership.objects.all(), "bloc__province_id")

    def periods(self) -> QuerySet[ReportingPeriod]:
        return award_selectors.periods_for_user(self.user)

    # --- bloc-year data ----------------------------------------------------------------------

    def submissions(self) -> QuerySet[Submission]:
        qs = self._in(Submission.objects.all(), "period__province_id")
        if self.is_manager:
            return qs
        if self.officer_agency_id is None:
            return qs.none()
        together = Membership.objects.filter(
            agency_id=OuterRef("agency_id"),
            year=OuterRef("period__year"),
            bloc__memberships__agency_id=self.officer_agency_id,
            bloc__memberships__year=OuterRef("period__year"),
        )
        return qs.filter(Exists(together))

    def award_records(self) -> QuerySet[AwardRecord]:
        qs = self._in(AwardRecord.objects.all(), "period__province_id")
        if self.is_manager:
            return qs
        if self.officer_agency_id is None:
            return qs.none()
        same_bloc = Membership.objects.filter(
            agency_id=OuterRef("agency_id"),
            year=OuterRef("period__year"),
            bloc__memberships__agency_id=self.officer_agency_id,
            bloc__memberships__year=OuterRef("period__year"),
        )
        return qs.filter(
            Q(agency_id=self.officer_agency_id) | (Q(submission__state__in=SENT_STATES) & Exists(same_bloc))
        )

    def conferences(self) -> QuerySet[Conference]:
        qs = self._in(Conference.objects.all(), "bloc__province_id")
        if self.is_manager:
            return qs
        if self.officer_agency_id is None:
            return qs.none()
        member = Membership.objects.filter(
            bloc_id=OuterRef("bloc_id"), year=OuterRef("year"), agency_id=self.officer_agency_id
        )
        return qs.filter(Exists(member))

    # --- reports -----------------------------------------------------------------------------

    def bloc_report_scopes(self, bloc: Bloc, year: int) -> tuple[str, ...]:
        """The submission scopes the caller may ask of the bloc's report of `year` (403 if none),
        the report page's, in its order (the first is the default): drafts for managers only."""
        target = access_for(self.user, bloc, year)
        if not self.user.has_perm("reports.view_bloc_report", target):
            raise PermissionDenied
        if self.user.has_perm("reports.see_all_submissions", target):
            return report_views.MANAGER_SCOPES
        return report_views.OFFICER_SCOPES

    def province_for_reports(self, pk) -> Province:
        province = self.provinces().filter(pk=pk).first()
        if province is None:
            raise Http404
        if not self.user.has_perm("reports.view_province_reports", province):
            raise PermissionDenied
        return province

    def ranking_context(self, bloc_pk, year: int):
        """The scoring bloc-year, if the caller may see its ranking: its managers always, its
        members once finalised (`scoring.selectors.can_see_ranking`). 404 without a table."""
        ctx = bloc_access(self.user, bloc_pk, year, with_roster=True)
        table = scoring_selectors.table_for(ctx.bloc, year)
        if table is None:
            raise Http404
        if not scoring_selectors.can_see_ranking(ctx, table):
            raise PermissionDenied
        return ctx, table
