"""The read API (`/api/v1/`). Thin: validate the filters, ask `access.Scope` for the caller's
querysets or objects, call one selector, serialise. Every answer carries an ETag (a digest of
the body) and a Last-Modified (`selectors.data_version`), and conditional requests get a 304."""

import hashlib

from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from api import filters, selectors
from api import serializers as s
from api.access import Scope
from api.errors import Refused
from conferences.models import Attendance, Candidate, Vote
from reports import selectors as report_selectors
from reports import views as report_views

ERRORS = dict.fromkeys((401, 403, 404, 406, 429), s.ErrorSerializer)
SAFE_METHODS = ("GET", "HEAD")
DRAFTS_REFUSED = _("Drafts are counted for Home Affairs only: ask scope=submitted or scope=accepted.")


def documented(response, *, params=None, path=()):
    """The schema of one read: its answer, its filters and every error it can give."""
    responses = {200: response, **ERRORS}
    if params is not None:
        responses[400] = s.ErrorSerializer
    parameters = [params] if params is not None else []
    parameters += list(path)
    return extend_schema(responses=responses, parameters=parameters or None)


YEAR_PATH = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH)
KIND_PATH = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(report_selectors.KINDS))


class ApiMixin:
    filter_class = None

    @property
    def scope(self) -> Scope:
        return Scope(self.request.user)

    def filters(self) -> dict:
        if self.filter_class is None:
            return {}
        serializer = self.filter_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}
        self.scope.require_province(values.get("province"))
        return values

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        if request.method not in SAFE_METHODS or response.status_code != 200:
            return response
        response.render()
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        changed = selectors.data_version()
        timestamp = int(changed.timestamp()) if changed is not None else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def _year(value: int) -> int:
    if not filters.YEAR_MIN <= value <= filters.YEAR_MAX:
        raise Http404
    return value


def _kind(value: str) -> str:
    if value not in report_selectors.KINDS:
        raise Http404
    return value


# --- provinces, agencies, blocs, rosters, periods ------------------------------------------


@documented(s.ProvinceSerializer(many=True))
class ProvinceList(ApiMixin, generics.ListAPIView):
    """Provinces the caller reads, with their validity and successor."""

    serializer_class = s.ProvinceSerializer

    def get_queryset(self):
        return self.scope.provinces().order_by("name", "id")


@documented(s.ProvinceSerializer)
class ProvinceDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.ProvinceSerializer

    def get_queryset(self):
        return self.scope.provinces()


@documented(s.AgencySerializer(many=True), params=filters.AgencyFilter)
class AgencyList(ApiMixin, generics.ListAPIView):
    """Agencies of the caller's provinces (filters: province, kind), by province and name."""

    serializer_class = s.AgencySerializer
    filter_class = filters.AgencyFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.agencies()
        if "province" in f:
            qs = qs.filter(province_id=f["province"])
        if "kind" in f:
            qs = qs.filter(kind=f["kind"])
        return qs.order_by("province__name", "name", "id")


@documented(s.AgencySerializer)
class AgencyDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.AgencySerializer

    def get_queryset(self):
        return self.scope.agencies()


@documented(s.BlocSerializer(many=True), params=filters.BlocFilter)
class BlocList(ApiMixin, generics.ListAPIView):
    """Blocs of the caller's provinces (filters: province, kind, year with a roster)."""

    serializer_class = s.BlocSerializer
    filter_class = filters.BlocFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.blocs()
        if "province" in f:
            qs = qs.filter(province_id=f["province"])
        if "kind" in f:
            qs = qs.filter(kind=f["kind"])
        if "year" in f:
            qs = qs.filter(memberships__year=f["year"]).distinct()
        return qs.order_by("province__name", "number", "name", "id")


@documented(s.BlocSerializer)
class BlocDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.BlocSerializer

    def get_queryset(self):
        return self.scope.blocs()


@documented(s.MembershipSerializer(many=True), params=filters.RosterFilter)
class RosterList(ApiMixin, generics.ListAPIView):
    """Rosters by year: one row per member agency of a bloc in a year, with its role and the
    source of the role; by bloc, year (newest first), role (leader, deputies, members), name."""

    serializer_class = s.MembershipSerializer
    filter_class = filters.RosterFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.memberships().select_related("agency")
        for name, field in (("province", "bloc__province_id"), ("bloc", "bloc_id"), ("year", "year"), ("role", "role")):
            if name in f:
                qs = qs.filter(**{field: f[name]})
        return qs.order_by("bloc_id", "-year", "role", "deputy_slot", "agency__name", "id")


@documented(s.PeriodSerializer(many=True), params=filters.PeriodFilter)
class PeriodList(ApiMixin, generics.ListAPIView):
    """Reporting periods (filters: province, year, kind), newest first."""

    serializer_class = s.PeriodSerializer
    filter_class = filters.PeriodFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.periods()
        for name, field in (("province", "province_id"), ("year", "year"), ("kind", "kind")):
            if name in f:
                qs = qs.filter(**{field: f[name]})
        return qs.order_by("-year", "province__name", "kind", "id")


@documented(s.PeriodSerializer)
class PeriodDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.PeriodSerializer

    def get_queryset(self):
        return self.scope.periods()


# --- submissions and award counts -----------------------------------------------------------


@documented(s.SubmissionSerializer(many=True), params=filters.SubmissionFilter)
class SubmissionList(ApiMixin, generics.ListAPIView):
    """Each agency's report for a period and its state (filters: province, year, kind, period,
    agency, state)."""

    serializer_class = s.SubmissionSerializer
    filter_class = filters.SubmissionFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.submissions().select_related("agency", "period")
        fields = {
            "province": "period__province_id",
            "year": "period__year",
            "kind": "period__kind",
            "period": "period_id",
            "agency": "agency_id",
            "state": "state",
        }
        for name, field in fields.items():
            if name in f:
                qs = qs.filter(**{field: f[name]})
        return qs.order_by("-period__year", "period__kind", "period_id", "agency__name", "id")


@documented(s.AwardCountSerializer(many=True), params=filters.AwardCountFilter)
class AwardCountList(ApiMixin, generics.ListAPIView):
    """Award counts summed in the database per bloc × period × agency × level × status (and
    per award form with by=form), with the state of the agency's submission. An agency is
    counted in the bloc it belonged to in the period's year."""

    serializer_class = s.AwardCountSerializer
    filter_class = filters.AwardCountFilter

    def get_queryset(self):
        f = self.filters()
        return selectors.award_counts(self.scope.award_records(), **f)


# --- conferences and rankings --------------------------------------------------------------


def _conference_queryset(qs):
    return qs.select_related("election").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("agency")),
        "tasks",
        Prefetch(
            "votes",
            queryset=Vote.objects.select_related("award_form").prefetch_related(
                Prefetch("candidates", queryset=Candidate.objects.select_related("agency"))
            ),
        ),
    )


@documented(s.ConferenceSerializer(many=True), params=filters.ConferenceFilter)
class ConferenceList(ApiMixin, generics.ListAPIView):
    """Conferences with attendance, tasks, votes and their outcomes, and the election
    (filters: province, bloc, year reviewed, kind), by bloc, year and date."""

    serializer_class = s.ConferenceSerializer
    filter_class = filters.ConferenceFilter

    def get_queryset(self):
        f = self.filters()
        qs = self.scope.conferences()
        for name, field in (("province", "bloc__province_id"), ("bloc", "bloc_id"), ("year", "year"), ("kind", "kind")):
            if name in f:
                qs = qs.filter(**{field: f[name]})
        return _conference_queryset(qs).order_by("bloc_id", "-year", F("date").asc(nulls_last=True), "id")


@documented(s.ConferenceSerializer)
class ConferenceDetail(ApiMixin, generics.RetrieveAPIView):
    serializer_class = s.ConferenceSerializer

    def get_queryset(self):
        return _conference_queryset(self.scope.conferences())


@documented(s.RankingSerializer, path=[YEAR_PATH])
class RankingView(ApiMixin, generics.GenericAPIView):
    """The bloc's scoring ranking of a year: its managers see it as it forms, its members once
    finalised (403 before); 404 without a scoring table."""

    serializer_class = s.RankingSerializer

    def get(self, request, pk, year):
        ctx, table = self.scope.ranking_context(pk, _year(year))
        rows = selectors.ranking_rows(table, ctx.roster)
        data = {"bloc": ctx.bloc.pk, "year": year, "method": table.method, "finalised": table.is_finalised}
        return Response(s.RankingSerializer({**data, "rows": rows}).data)


# --- the report rows ------------------------------------------------------------------------


def _report_filter(request, scopes, default_status="both"):
    serializer = filters.ReportFilter(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    status = serializer.validated_data.get("status") or default_status
    scope = serializer.validated_data.get("scope") or scopes[0]
    if scope not in scopes:
        raise Refused(DRAFTS_REFUSED)
    return status, scope


@documented(s.BlocReportSerializer, params=filters.ReportFilter, path=[YEAR_PATH, KIND_PATH])
class BlocReportView(ApiMixin, generics.GenericAPIView):
    """The rows of the bloc's six-month (h1) or annual (year) report, as the documents show
    them. Officers of member agencies read it with scope submitted or accepted."""

    serializer_class = s.BlocReportSerializer

    def get(self, request, pk, year, kind):
        bloc = self.scope.bloc(pk)
        year, kind = _year(year), _kind(kind)
        scopes = self.scope.bloc_report_scopes(bloc, year)
        status, scope = _report_filter(request, scopes)
        manager = report_selectors.SCOPE_ALL in scopes
        report = report_selectors.bloc_report(
            bloc=bloc, year=year, kind=kind, status=status, scope=scope, draft_ranking=manager
        )
        return Response(s.BlocReportSerializer(report).data)


@documented(s.RollupSerializer, params=filters.ReportFilter, path=[YEAR_PATH, KIND_PATH])
class RollupView(ApiMixin, generics.GenericAPIView):
    """The province roll-up of every bloc (Home Affairs, admins and tokens)."""

    serializer_class = s.RollupSerializer

    def get(self, request, pk, year, kind):
        province = self.scope.province_for_reports(pk)
        year, kind = _year(year), _kind(kind)
        status, scope = _report_filter(request, report_views.MANAGER_SCOPES)
        rollup = report_selectors.province_rollup(province=province, year=year, kind=kind, status=status, scope=scope)
        return Response(s.RollupSerializer(rollup).data)


@documented(s.StatutorySerializer, params=filters.ReportFilter, path=[YEAR_PATH])
class StatutoryView(ApiMixin, generics.GenericAPIView):
    """Biểu 0602.N and 0603.N of Circular 02/2023/TT-BNV (Home Affairs, admins and tokens)."""

    serializer_class = s.StatutorySerializer

    def get(self, request, pk, year):
        province = self.scope.province_for_reports(pk)
        status, scope = _report_filter(request, report_views.MANAGER_SCOPES, default_status="granted")
        report = report_selectors.statutory_forms(province=province, year=_year(year), status=status, scope=scope)
        return Response(s.StatutorySerializer(report).data)
