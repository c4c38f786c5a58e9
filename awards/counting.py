"""The counting rule: which award records a figure counts. Every report, the scoring's
automatic "awards count" criterion (and the coming API) count through `award_totals`.

- **Period kind.** A six-month figure reads only the first-half period (kind "h1"), an annual
  figure only the full-year period (kind "year"), whose records cover the whole year (data
  window 01/01–31/12 by default), not the second half only. The two are never added, so no
  award is counted twice.
- **Submission states.** `SUBMITTED_STATES` are the reports sent to Home Affairs (submitted or
  accepted). A figure is read in one of three scopes: accepted reports only, submitted and
  accepted reports, or every report (drafts and returned ones included, for Home Affairs).
- **Decided awards.** A record written by the province's decision on a proposal dossier
  (`AwardRecord.source_item_id` set) counts in every scope, whatever the state of the agency's
  report: the province granted it, nobody has to submit it. Group `by=("from_decision",)` to
  tell those rows (granted by decision) from the typed ones.

- **Whole-bloc rows.** A source that gives only a bloc's totals is recorded as a submission of
  the bloc itself ("Toàn khối", `Submission.bloc`, its records with `bloc` set and no agency).
  Those records are counted once, like any other: in the province's totals, in their bloc's
  (`blocs=` and the "bloc" dimension below), and never in a member agency's line (grouped by
  agency, their agency is None).

Every total is a database aggregate: one grouped query, whatever the number of records.
"""

from collections.abc import Sequence

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from awards.models import AwardRecord, ReportingPeriod, Submission
from blocs.models import Membership

SUBMITTED_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)

SCOPE_ACCEPTED, SCOPE_SUBMITTED, SCOPE_ALL = "accepted", "submitted", "all"
SCOPE_CHOICES = (SCOPE_ACCEPTED, SCOPE_SUBMITTED, SCOPE_ALL)
SCOPE_STATES = {
    SCOPE_ACCEPTED: (Submission.State.ACCEPTED,),
    SCOPE_SUBMITTED: SUBMITTED_STATES,
    SCOPE_ALL: None,  # every submission, drafts and returned ones included
}
KINDS = (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.YEAR)

# The named dimensions a total can be grouped by; any other field path of AwardRecord may be
# grouped by as well (a form's name, the bloc of the agency's membership…).
DIMENSIONS = {
    "agency": "agency_id",
    "form": "form_id",
    "level": "form__level",
    "status": "status",
    "year": "period__year",
}
# Dimensions that are computed, not stored: name → expression.
COMPUTED = {
    "from_decision": lambda: ExpressionWrapper(Q(source_item_id__isnull=False), output_field=BooleanField()),
}

# The bloc a record counts for: its own bloc for a whole-bloc row, else the bloc its agency was a
# member of in the period's year (one bloc per agency and year, a database constraint).
BLOC = "bloc"


def _bloc_of_record():
    member_of = Membership.objects.filter(agency_id=OuterRef("agency_id"), year=OuterRef("period__year"))
    return Coalesce("bloc_id", Subquery(member_of.values("bloc_id")[:1]), output_field=IntegerField())


def is_counted(state: str | None, scope: str) -> bool:
    """Whether a report in `state` (None: no report at all) is counted in `scope`."""
    states = SCOPE_STATES[scope]
    if state is None:
        return False
    return states is None or state in states


def award_totals(
    *,
    province_id: int,
    kind: str,
    year: int | None,
    scope: str,
    by: Sequence[str] = ("agency",),
    statuses: Sequence[str] | None = None,
    agencies=None,
    blocs=None,
    where=None,
) -> QuerySet:
    """Collectives and individuals recorded in the province's period of `kind` for `year`
    (None: every year, one period per year), counting the submissions of `scope`, summed in
    the database and grouped by `by` (names of `DIMENSIONS` or field paths of AwardRecord).

    `statuses` keeps some statuses (granted / proposed), `agencies` some agencies (ids or an
    ids subquery; whole-bloc rows belong to no agency and are left out), `blocs` what counts for
    some blocs (their members' records that year and their whole-bloc rows), `where`
    any further condition (a `Q` or an `Exists`). Group by "bloc" for the bloc a record counts
    for, "agency" gives None for whole-bloc rows. Returns a
    `values_list()` queryset of tuples: the grouping values in the order of `by`, then the
    collectives and the individuals (never None); order it as needed. With `blocs`, it is the
    UNION ALL of the members' rows and the blocs' own rows, so one group may come twice (once
    from each part): callers add the rows up, never assign them."""
    if kind not in KINDS or scope not in SCOPE_STATES:
        raise ValueError(f"Unknown period kind {kind!r} or scope {scope!r}.")
    records = AwardRecord.objects.filter(period__province_id=province_id, period__kind=kind)
    if year is not None:
        records = records.filter(period__year=year)
    states = SCOPE_STATES[scope]
    if states is not None:
        records = records.filter(Q(submission__state__in=states) | Q(source_item_id__isnull=False))
    if statuses is not None:
        records = records.filter(status__in=list(statuses))
    if agencies is not None:
        records = records.filter(agency_id__in=agencies)
    if where is not None:
        records = records.filter(where)
    if blocs is not None:
        # Two grouped aggregates, one per kind of row, joined by UNION ALL: the members' records
        # that were members in the period's year (EXISTS, or a join when grouped by bloc, which
        # needs the membership's bloc), and the blocs' own rows by `bloc_id`. One filter
        # `bloc_id IN … OR EXISTS (membership)` would scan every record of the periods.
        if BLOC in by:
            members = records.filter(
                agency__memberships__bloc_id__in=blocs, agency__memberships__year=F("period__year")
            )
        else:
            members = records.filter(
                Exists(
                    Membership.objects.filter(
                        bloc_id__in=blocs, agency_id=OuterRef("agency_id"), year=OuterRef("period__year")
                    )
                )
            )
        whole = records.filter(agency__isnull=True, bloc_id__in=blocs)
        return _grouped(members, by, bloc_column="agency__memberships__bloc_id").union(
            _grouped(whole, by, bloc_column="bloc_id"), all=True
        )
    computed = {}
    if BLOC in by:
        computed["counted_bloc"] = _bloc_of_record()
    return _grouped(records.annotate(**computed) if computed else records, by, bloc_column="counted_bloc")


def _grouped(records: QuerySet, by: Sequence[str], *, bloc_column: str) -> QuerySet:
    """`records` summed in the database, grouped by `by` (the bloc a record counts for read from
    `bloc_column`)."""
    computed = {name: COMPUTED[name]() for name in by if name in COMPUTED}
    if computed:
        records = records.annotate(**computed)
    columns = [bloc_column if name == BLOC else DIMENSIONS.get(name, name) for name in by]
    return (
        records.order_by()
        .values_list(*columns)
        .annotate(collectives=Sum("collectives", default=0), individuals=Sum("individuals", default=0))
        .order_by()
    )
