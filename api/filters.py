"""The query parameters of the lists, validated like a form: a bad value is a 400 naming the
parameter, in the request's language."""

from rest_framework import serializers

from awards.models import AwardLevel, AwardRecord, ReportingPeriod, Submission
from blocs.models import Agency, Bloc, Membership
from conferences.models import Conference
from reports import selectors as report_selectors

YEAR_MIN, YEAR_MAX = 1945, 2200


def _id():
    return serializers.IntegerField(required=False, min_value=1, max_value=2**53)


def _year():
    return serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)


class ProvinceFilter(serializers.Serializer):
    province = _id()


class AgencyFilter(ProvinceFilter):
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False)


class BlocFilter(ProvinceFilter):
    kind = serializers.ChoiceField(choices=Bloc.Kind.choices, required=False)
    year = _year()


class RosterFilter(ProvinceFilter):
    bloc = _id()
    year = _year()
    role = serializers.ChoiceField(choices=Membership.Role.choices, required=False)


class PeriodFilter(ProvinceFilter):
    year = _year()
    kind = serializers.ChoiceField(choices=ReportingPeriod.Kind.choices, required=False)


class SubmissionFilter(PeriodFilter):
    period = _id()
    agency = _id()
    state = serializers.ChoiceField(choices=Submission.State.choices, required=False)


class AwardCountFilter(PeriodFilter):
    period = _id()
    bloc = _id()
    agency = _id()
    status = serializers.ChoiceField(choices=AwardRecord.Status.choices, required=False)
    level = serializers.ChoiceField(choices=AwardLevel.choices, required=False)
    submission_state = serializers.ChoiceField(choices=Submission.State.choices, required=False)
    by = serializers.ChoiceField(
        choices=[("agency", "agency"), ("form", "form")],
        required=False,
        help_text="form: one row per award form too.",
    )


class ConferenceFilter(ProvinceFilter):
    bloc = _id()
    year = _year()
    kind = serializers.ChoiceField(choices=Conference.Kind.choices, required=False)


class ReportFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=report_selectors.STATUS_CHOICES, required=False)
    scope = serializers.ChoiceField(
        choices=report_selectors.SCOPE_CHOICES,
        required=False,
        help_text="all: drafts included (Home Affairs, admins and tokens only).",
    )
