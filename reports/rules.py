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

import rules

from blocs import selectors as bloc_selectors
from blocs.rules import is_bloc_year_member, leads_bloc_year, manages_bloc_year

# The object of the bloc-report permissions is a `blocs.access.BlocAccess`.


@rules.predicate
def manages_province(user, province):
    return bloc_selectors.can_manage_province(user, province.id)


rules.add_perm("reports.view_bloc_report", rules.is_authenticated & (manages_bloc_year | is_bloc_year_member))
rules.add_perm("reports.export_bloc_report", rules.is_authenticated & (manages_bloc_year | leads_bloc_year))
rules.add_perm("reports.see_all_submissions", rules.is_authenticated & manages_bloc_year)
rules.add_perm("reports.view_province_reports", rules.is_authenticated & manages_province)
# Whoever may issue a document sets its number, date, place, signer and recipients.
rules.add_perm("reports.edit_bloc_report_meta", rules.is_authenticated & (manages_bloc_year | leads_bloc_year))
