"""Report pages and downloads. Thin: scope the object, check the permission, read the filter
form, call one selector, hand the result to one renderer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import pgettext

from awards import selectors as award_selectors
from blocs import selectors as bloc_selectors
from blocs.access import bloc_access, led_bloc
from reports import exports, selectors
from reports.forms import ReportFilterForm, YearForm
from reports.selectors import TOTAL, key
from reports.tables import bloc_report_tables, rollup_tables, statutory_tables

FORMATS = ("html", "xlsx", "docx")
OFFICER_SCOPES = (selectors.SCOPE_SUBMITTED, selectors.SCOPE_ACCEPTED)
MANAGER_SCOPES = (selectors.SCOPE_ALL, selectors.SCOPE_SUBMITTED, selectors.SCOPE_ACCEPTED)


@login_required
def home(request):
    """What the user has to do, by role, each line a link with its count and due date (the apps'
    lines come from their own fragments, `templates/includes/home_todo.html`). The page's year
    is the latest year with reports, so an office that works on last year's figures sees them."""
    user = request.user
    year = award_selectors.latest_year_with_data(user) or timezone.localdate().year
    context = {"year": year}
    if user.is_officer:
        context["memberships"] = bloc_selectors.agency_memberships(user.agency)[:5]
        context["led_bloc"] = led_bloc(user, year)
    else:
        context["blocs"] = list(bloc_selectors.bloc_list(user)[:50])
    return render(request, "home.html", context)


def _kind_or_404(value) -> str:
    if value not in selectors.KINDS:
        raise Http404
    return value


def _fmt_or_404(value, allowed=FORMATS) -> str:
    if value not in allowed:
        raise Http404
    return value


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    content_type = exports.XLSX_CONTENT_TYPE if fmt == "xlsx" else exports.DOCX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def report_filename(prefix: str, name: str, year: int, kind: str) -> str:
    return f"{prefix}-{slugify(name)[:60]}-{year}-{kind}"


@login_required
def index(request):
    """The reports a user may open for a year: bloc reports, and for Home Affairs the province
    roll-ups and statutory forms."""
    user = request.user
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    else:  # the latest year with reports, not a current year that holds nothing
        year = award_selectors.latest_year_with_data(user) or timezone.localdate().year
    if user.is_officer:
        blocs = [m.bloc for m in bloc_selectors.agency_memberships(user.agency).filter(year=year)]
        provinces = []
    else:
        blocs = list(bloc_selectors.bloc_list(user, year=year))
        provinces = [
            p for p in bloc_selectors.provinces_for_user(user) if bloc_selectors.can_manage_province(user, p.id)
        ]
    return render(request, "reports/index.html", {"form": form, "year": year, "blocs": blocs, "provinces": provinces})


@login_required
def bloc_report(request, pk, year, period, fmt="html"):
    target = bloc_access(request.user, pk, year)
    bloc = target.bloc
    kind, fmt = _kind_or_404(period), _fmt_or_404(fmt)
    user = request.user
    if not user.has_perm("reports.view_bloc_report", target):
        raise PermissionDenied
    can_export = user.has_perm("reports.export_bloc_report", target)
    if fmt != "html" and not can_export:
        raise PermissionDenied
    manager = user.has_perm("reports.see_all_submissions", target)
    form = ReportFilterForm(request.GET or None, scopes=MANAGER_SCOPES if manager else OFFICER_SCOPES)
    status, scope = form.values()
    report = selectors.bloc_report(bloc=bloc, year=year, kind=kind, status=status, scope=scope, draft_ranking=manager)
    if fmt != "html" and not form.errors:
        name = report_filename("bao-cao", bloc.name, year, kind)
        render_fn = exports.bloc_report_xlsx if fmt == "xlsx" else exports.bloc_report_docx
        return _download(render_fn(report, timezone.localdate()), name, fmt)
    tables = {t.key: t for t in bloc_report_tables(report)}
    return render(
        request,
        "reports/bloc_report.html",
        {
            "report": report,
            "bloc": bloc,
            "tables": tables,
            "form": form,
            "can_export": can_export,
            "query": request.GET.urlencode(),
            "header": exports.bloc_report_header(report, timezone.localdate()),
            "summary": exports.bloc_report_summary(report),
            "partial_notice": exports.partial_notice(report),
            "chart_data": chart_data(report),
        },
    )


def chart_data(report) -> dict:
    """The two charts: awards by agency (bar) and the bloc's totals over the years (line)."""
    agencies = {"labels": [m.short_name for m in report.members], "series": []}
    history = {"labels": [h.year for h in report.history], "series": []}
    names = {
        ("granted", "c"): str(pgettext("report", "Collectives granted")),
        ("granted", "i"): str(pgettext("report", "Individuals granted")),
        ("proposed", "c"): str(pgettext("report", "Collectives proposed")),
        ("proposed", "i"): str(pgettext("report", "Individuals proposed")),
    }
    for status in report.statuses:
        for r in ("c", "i"):
            agencies["series"].append(
                {"label": names[(status, r)], "data": [m.get(status, TOTAL, r) for m in report.members]}
            )
            history["series"].append(
                {"label": names[(status, r)], "data": [h.counts[key(status, TOTAL, r)] for h in report.history]}
            )
    return {"agencies": agencies, "history": history}


def _province_for_reports(request, pk):
    province = bloc_selectors.provinces_for_user(request.user).filter(pk=pk).first()
    if province is None:
        raise Http404
    if not request.user.has_perm("reports.view_province_reports", province):
        raise PermissionDenied
    return province


@login_required
def province_rollup(request, pk, year, period, fmt="html"):
    province = _province_for_reports(request, pk)
    kind, fmt = _kind_or_404(period), _fmt_or_404(fmt)
    form = ReportFilterForm(request.GET or None, scopes=MANAGER_SCOPES)
    status, scope = form.values()
    rollup = selectors.province_rollup(province=province, year=year, kind=kind, status=status, scope=scope)
    if fmt != "html" and not form.errors:
        render_fn = exports.rollup_xlsx if fmt == "xlsx" else exports.rollup_docx
        name = report_filename("tong-hop", province.name, year, kind)
        return _download(render_fn(rollup, timezone.localdate()), name, fmt)
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": rollup,
            "province": province,
            "tables": rollup_tables(rollup),
            "form": form,
            "query": request.GET.urlencode(),
            "header": exports.rollup_header(rollup, timezone.localdate()),
        },
    )


@login_required
def statutory(request, pk, year, fmt="html"):
    province = _province_for_reports(request, pk)
    fmt = _fmt_or_404(fmt)
    form = ReportFilterForm(request.GET or None, scopes=MANAGER_SCOPES, default_status="granted")
    status, scope = form.values()
    report = selectors.statutory_forms(province=province, year=year, status=status, scope=scope)
    if fmt != "html" and not form.errors:
        render_fn = exports.statutory_xlsx if fmt == "xlsx" else exports.statutory_docx
        name = report_filename("bieu-thong-ke", province.name, year, "0602-0603")
        return _download(render_fn(report, timezone.localdate()), name, fmt)
    return render(
        request,
        "reports/statutory.html",
        {
            "report": report,
            "province": province,
            "tables": statutory_tables(report),
            "form": form,
            "query": request.GET.urlencode(),
            "header": exports.statutory_header(report, timezone.localdate()),
        },
    )
