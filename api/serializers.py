"""What the API answers: plain fields, ids for links, codes for choices (the labels are in the
schema's enums and in docs/api.md), dates in ISO 8601."""

from rest_framework import serializers

from awards.models import AwardLevel, AwardRecord, ReportingPeriod, Submission
from blocs.models import Agency, Bloc, Membership, Province
from conferences.models import Candidate, Conference, Election, Vote
from reports import selectors as report_selectors


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="Per parameter, on a 400.")


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "name", "code", "valid_from", "valid_to", "successor"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "province", "name", "short_name", "kind", "valid_from", "valid_to", "successor"]


class BlocSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bloc
        fields = [
            "id",
            "province",
            "name",
            "kind",
            "number",
            "description",
            "leader_selection",
            "max_deputies",
            "vote_threshold_percent",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name")

    class Meta:
        model = Membership
        fields = [
            "id",
            "bloc",
            "year",
            "agency",
            "agency_name",
            "role",
            "deputy_slot",
            "role_source",
            "role_source_reference",
            "role_source_date",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "province", "year", "kind", "start_date", "end_date", "deadline", "state"]


class SubmissionSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", allow_null=True, default=None)
    year = serializers.IntegerField(source="period.year")
    period_kind = serializers.ChoiceField(source="period.kind", choices=ReportingPeriod.Kind.choices)

    class Meta:
        model = Submission
        # agency is null and bloc set for a bloc's own totals ("Toàn khối", entered by Home Affairs)
        fields = [
            "id",
            "period",
            "year",
            "period_kind",
            "agency",
            "agency_name",
            "bloc",
            "state",
            "submitted_at",
            "updated_at",
        ]


class AwardCountSerializer(serializers.Serializer):
    """One aggregate row: a bloc × period × agency × level × status (× form) with its sums."""

    bloc = serializers.IntegerField(source="agency__memberships__bloc")
    period = serializers.IntegerField()
    year = serializers.IntegerField(source="period__year")
    period_kind = serializers.ChoiceField(source="period__kind", choices=ReportingPeriod.Kind.choices)
    agency = serializers.IntegerField()
    agency_name = serializers.CharField(source="agency__name")
    submission_state = serializers.ChoiceField(source="submission__state", choices=Submission.State.choices)
    level = serializers.ChoiceField(source="form__level", choices=AwardLevel.choices)
    status = serializers.ChoiceField(choices=AwardRecord.Status.choices)
    form = serializers.IntegerField(required=False, help_text="With by=form only.")
    form_code = serializers.CharField(source="form__code", required=False, help_text="With by=form only.")
    form_name = serializers.CharField(source="form__name", required=False, help_text="With by=form only.")
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()


# --- conferences ---------------------------------------------------------------------------


class CandidateSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name")

    class Meta:
        model = Candidate
        fields = ["agency", "agency_name", "votes", "won"]


class VoteSerializer(serializers.ModelSerializer):
    award_form = serializers.SlugRelatedField(slug_field="code", read_only=True)
    candidates = CandidateSerializer(many=True)

    class Meta:
        model = Vote
        fields = [
            "id",
            "kind",
            "award_form",
            "award_label",
            "authority",
            "proposed_to",
            "ballots_issued",
            "ballots_returned",
            "ballots_valid",
            "ballots_invalid",
            "threshold_percent",
            "candidates",
        ]


class ElectionSerializer(serializers.ModelSerializer):
    deputies = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = ["for_year", "method", "leader", "deputies", "decision_number", "decision_date"]

    def get_deputies(self, election) -> list[int]:
        return [d for d in (election.deputy_1_id, election.deputy_2_id, election.deputy_3_id) if d is not None]


class AttendanceSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency_id")
    agency_name = serializers.CharField(source="agency.name")
    attended = serializers.BooleanField(allow_null=True, help_text="null: attendance not recorded")


class ConferenceSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="display_title")
    attendance = AttendanceSerializer(many=True)
    tasks = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    votes = VoteSerializer(many=True)
    election = ElectionSerializer(allow_null=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "bloc",
            "kind",
            "year",
            "period_kind",
            "title",
            "minutes_number",
            "date",
            "date_note",
            "venue",
            "host_agency",
            "conclusions",
            "attendance",
            "tasks",
            "votes",
            "election",
            "updated_at",
        ]


# --- scoring -------------------------------------------------------------------------------


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True, help_text="Null while the bloc has not scored the member (it is not ranked yet)."
    )
    scored = serializers.BooleanField(help_text="Whether the bloc has scored the member.")
    agency = serializers.IntegerField(source="agency.id")
    agency_name = serializers.CharField(source="agency.name")
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    criteria_total = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    bonus = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    penalty = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    tie_broken = serializers.BooleanField()


class RankingSerializer(serializers.Serializer):
    bloc = serializers.IntegerField()
    year = serializers.IntegerField()
    method = serializers.CharField()
    finalised = serializers.BooleanField()
    rows = RankingRowSerializer(many=True)


# --- reports -------------------------------------------------------------------------------

COUNT_KEYS = [
    report_selectors.key(s, lv, r)
    for s in report_selectors.STATUSES
    for lv in [*report_selectors.LEVELS, report_selectors.TOTAL]
    for r in report_selectors.RECIPIENTS
]
STATUS_TOTAL_KEYS = [
    report_selectors.key(s, report_selectors.TOTAL, r)
    for s in report_selectors.STATUSES
    for r in report_selectors.RECIPIENTS
]


def _counts_serializer(name: str, keys: list[str]):
    """A serializer of a report's counts dict: `<status>__<level|total>__<c|i>` → int."""
    return type(name, (serializers.Serializer,), {k: serializers.IntegerField() for k in keys})


Counts = _counts_serializer("Counts", COUNT_KEYS)
StatusTotals = _counts_serializer("StatusTotals", STATUS_TOTAL_KEYS)


class ReportMemberSerializer(serializers.Serializer):
    agency = serializers.IntegerField(source="agency_id")
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    submission_state = serializers.ChoiceField(choices=Submission.State.choices, allow_null=True)
    counts = Counts()


class ReportFormSerializer(serializers.Serializer):
    form = serializers.IntegerField(source="form_id")
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=AwardLevel.choices)
    counts = StatusTotals()


class ComparisonSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AwardRecord.Status.choices)
    level = serializers.CharField()
    recipient = serializers.ChoiceField(choices=[("c", "collectives"), ("i", "individuals")])
    current = serializers.IntegerField()
    previous = serializers.IntegerField()
    difference = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class YearTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    counts = Counts()


class ReportConferenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    date_note = serializers.CharField(allow_blank=True)
    venue = serializers.CharField(allow_blank=True)
    conclusions = serializers.CharField(allow_blank=True)
    tasks = serializers.ListField(child=serializers.CharField())
    agreed_movements = serializers.ListField(child=serializers.CharField())


class ReportOutcomeSerializer(serializers.Serializer):
    award = serializers.CharField()
    agency = serializers.CharField()
    kind = serializers.CharField()


class ReportRankingSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    agency = serializers.CharField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False)
    finalised = serializers.BooleanField()


class BlocReportSerializer(serializers.Serializer):
    bloc = serializers.IntegerField(source="bloc.id")
    bloc_name = serializers.CharField(source="bloc.name")
    province_name = serializers.CharField()
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportingPeriod.Kind.choices)
    status = serializers.ChoiceField(choices=report_selectors.STATUS_CHOICES)
    scope = serializers.ChoiceField(choices=report_selectors.SCOPE_CHOICES)
    period = serializers.IntegerField(source="period.id", allow_null=True)
    is_partial = serializers.BooleanField()
    members = ReportMemberSerializer(many=True)
    totals = Counts()
    by_form = ReportFormSerializer(many=True)
    by_form_totals = StatusTotals()
    comparison = ComparisonSerializer(many=True)
    history = YearTotalSerializer(many=True)
    conferences = ReportConferenceSerializer(many=True)
    vote_outcomes = ReportOutcomeSerializer(many=True)
    next_leader = serializers.CharField(allow_null=True)
    next_deputies = serializers.ListField(child=serializers.CharField())
    ranking = ReportRankingSerializer(many=True)


class RollupRowSerializer(serializers.Serializer):
    bloc = serializers.IntegerField(source="bloc_id")
    name = serializers.CharField()
    number = serializers.IntegerField(allow_null=True)
    leader = serializers.CharField(allow_null=True)
    deputies = serializers.ListField(child=serializers.CharField())
    member_count = serializers.IntegerField()
    submitted_count = serializers.IntegerField()
    counts = Counts()
    flag = serializers.ListField(child=serializers.CharField())
    certificates = serializers.ListField(child=serializers.CharField())
    has_conference = serializers.BooleanField(allow_null=True)


class RollupSerializer(serializers.Serializer):
    province = serializers.IntegerField(source="province.id")
    province_name = serializers.CharField(source="province.name")
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportingPeriod.Kind.choices)
    status = serializers.ChoiceField(choices=report_selectors.STATUS_CHOICES)
    scope = serializers.ChoiceField(choices=report_selectors.SCOPE_CHOICES)
    period = serializers.IntegerField(source="period.id", allow_null=True)
    rows = RollupRowSerializer(many=True)
    totals = Counts()


class StatRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    total = serializers.IntegerField()
    allows_collectives = serializers.BooleanField()
    allows_individuals = serializers.BooleanField()


class StatTotalSerializer(serializers.Serializer):
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    total = serializers.IntegerField()


class StatutorySerializer(serializers.Serializer):
    province = serializers.IntegerField(source="province.id")
    province_name = serializers.CharField(source="province.name")
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=report_selectors.STATUS_CHOICES)
    scope = serializers.ChoiceField(choices=report_selectors.SCOPE_CHOICES)
    period = serializers.IntegerField(source="period.id", allow_null=True)
    form_0602 = StatRowSerializer(many=True)
    form_0603 = StatRowSerializer(many=True)
    total_0602 = StatTotalSerializer()
    total_0603 = StatTotalSerializer()
