"""Report pages and downloads. Thin: scope the object, check the permission, read the filter
form, call one selector, hand the result to one renderer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import pgettext

from blocs import selectors as bloc_selectors
from blocs.access import bloc_access
from reports import exports, selectors
from reports.forms import ReportFilterForm, YearForm
from reports.selectors import TOTAL, key

FORMATS = ("html", "xlsx", "docx")
# The first scope is the default: an official document counts the accepted reports unless the
# user chooses otherwise (the document states its scope).
OFFICER_SCOPES = (selectors.SCOPE_ACCEPTED, selectors.SCOPE_SUBMITTED)
MANAGER_SCOPES = (selectors.SCOPE_ACCEPTED, selectors.SCOPE_SUBMITTED, selectors.SCOPE_ALL)


@login_required
def home(request):
    """What is the user's to do: their blocs this year (later apps add their own to-dos here)."""
    user = request.user
    year = timezone.localdate().year
    context = {"year": year}
    if user.is_officer:
        context["memberships"] = bloc_selectors.agency_memberships(user.agency)[:5]
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


def _download(exporter, fmt: str) -> HttpResponse:
    """The document as a file named in transliterated Vietnamese (`blocs.text.vn_slug`)."""
    content = exporter.xlsx() if fmt == "xlsx" else exporter.docx()
    content_type = exports.XLSX_CONTENT_TYPE if fmt == "xlsx" else exports.DOCX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(fmt)}"'
    return response


@login_required
def index(request):
    """The reports a user may open for a year: bloc reports, and for Home Affairs the province
    roll-ups and statutory forms."""
    user = request.user
    province_ids = [user.agency.province_id] if user.is_officer else bloc_selectors.visible_province_ids(user)
    form = YearForm(request.GET or None, years=bloc_selectors.province_years(province_ids))
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
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
    doc = exports.bloc_report_exporter(report)
    if fmt != "html" and not form.errors:
        return _download(doc, fmt)
    return render(
        request,
        "reports/bloc_report.html",
        {
            "report": report,
            "bloc": bloc,
            "doc": doc,
            "header": doc.header,
            "form": form,
            "can_export": can_export,
            "query": request.GET.urlencode(),
            "chart_data": chart_data(report),
        },
    )


def chart_data(report) -> dict:
    """The two charts: awards by agency (bar) and the bloc's totals over the years (line)."""
    agencies = {"labels": [str(m.short_name) for m in report.lines], "series": []}
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
                {"label": names[(status, r)], "data": [m.get(status, TOTAL, r) for m in report.lines]}
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
    doc = exports.rollup_exporter(rollup)
    if fmt != "html" and not form.errors:
        return _download(doc, fmt)
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": rollup,
            "province": province,
            "doc": doc,
            "header": doc.header,
            "form": form,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def statutory(request, pk, year, fmt="html"):
    province = _province_for_reports(request, pk)
    fmt = _fmt_or_404(fmt)
    form = ReportFilterForm(request.GET or None, scopes=MANAGER_SCOPES, default_status="granted")
    status, scope = form.values()
    report = selectors.statutory_forms(province=province, year=year, status=status, scope=scope)
    doc = exports.statutory_exporter(report)
    if fmt != "html" and not form.errors:
        return _download(doc, fmt)
    return render(
        request,
        "reports/statutory.html",
        {
            "report": report,
            "province": province,
            "doc": doc,
            "header": doc.header,
            "form": form,
            "query": request.GET.urlencode(),
        },
    )
