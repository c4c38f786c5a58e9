"""Report pages and downloads. Thin: scope the object, check the permission, read the filter
form, call one selector, hand the result to one renderer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from awards import selectors as award_selectors
from blocs import dataversion
from blocs import selectors as bloc_selectors
from blocs.access import bloc_access, led_bloc
from blocs.concurrency import save_if_fresh
from blocs.forms import apply_service_error
from blocs.models import Bloc, Province
from reports import exports, meta, selectors, services
from reports.forms import ReportFilterForm, ReportMetaForm, YearForm
from reports.models import ReportMeta
from reports.selectors import TOTAL, key

FORMATS = ("html", "xlsx", "docx")
# The first scope is the default: an official document counts the accepted reports unless the
# user chooses otherwise (the document states its scope).
OFFICER_SCOPES = (selectors.SCOPE_ACCEPTED, selectors.SCOPE_SUBMITTED)
MANAGER_SCOPES = (selectors.SCOPE_ACCEPTED, selectors.SCOPE_SUBMITTED, selectors.SCOPE_ALL)


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
    # One version for the rows and the document drawn from them (read again, a write in between
    # would file the old document under the new version).
    version, parts = dataversion.current(), (bloc.pk, year, kind, status, scope, manager)
    report = dataversion.cached(
        "bloc_report",
        parts,
        lambda: selectors.bloc_report(
            bloc=bloc, year=year, kind=kind, status=status, scope=scope, draft_ranking=manager
        ),
        version=version,
    )
    doc = exports.bloc_report_exporter(report)
    if fmt != "html" and not form.errors:
        return _download(doc, fmt)
    # The document as the page shows it (header, tables, closing): the same for every reader of
    # these rows, so kept with them.
    document = dataversion.cached(
        "bloc_report_document",
        parts,
        lambda: render_to_string("reports/_document.html", {"doc": doc, "charts": True}),
        version=version,
    )
    return render(
        request,
        "reports/bloc_report.html",
        {
            "report": report,
            "bloc": bloc,
            "doc": doc,
            "document": document,
            "header": doc.header,
            "form": form,
            "can_export": can_export,
            "meta_url": reverse("reports:bloc_meta", args=[bloc.pk, year, kind])
            if user.has_perm("reports.edit_bloc_report_meta", target)
            else "",
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
    rollup = dataversion.cached(
        "province_rollup",
        (province.pk, year, kind, status, scope),
        lambda: selectors.province_rollup(province=province, year=year, kind=kind, status=status, scope=scope),
    )
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
            "meta_url": reverse("reports:province_meta", args=[province.pk, year, f"rollup_{kind}"]),
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
            "meta_url": reverse("reports:province_meta", args=[province.pk, year, ReportMeta.Kind.STATUTORY]),
            "header": doc.header,
            "form": form,
            "query": request.GET.urlencode(),
        },
    )


# --- the document's number, date, place, signer and recipients -------------------------------


def _meta_page(request, *, province, bloc, year, kind, defaults, back_url, title):
    """The edit form of a document's metadata (GET shows, POST saves through the one
    optimistic-concurrency check), with the history of the stored values."""

    def current():
        return meta.stored_meta(province=province, bloc=bloc, year=year, kind=kind)

    def snapshot():
        return meta.meta_snapshot(current())

    lock = Bloc.objects.filter(pk=bloc.pk) if bloc is not None else Province.objects.filter(pk=province.pk)
    stored = current()
    if request.method == "POST":
        form = ReportMetaForm(request.POST, defaults=defaults, stored=stored)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in meta.EDITABLE_FIELDS}
            try:
                saved = save_if_fresh(
                    form,
                    snapshot,
                    lambda: (
                        services.save_report_meta(
                            province=province, bloc=bloc, year=year, kind=kind, values=values, user=request.user
                        )
                        or True
                    ),
                    lock=lock,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if saved is not None:
                    messages.success(request, pgettext("report", "The document's details were saved."))
                    return redirect(back_url)
    else:
        form = ReportMetaForm(defaults=defaults, stored=stored)
        form.set_version(snapshot())
    return render(
        request,
        "reports/meta_form.html",
        {
            "form": form,
            "title": title,
            "kind_label": ReportMeta.Kind(kind).label,
            "year": year,
            "back_url": back_url,
            "entries": meta.meta_history(stored),
        },
    )


@login_required
def bloc_meta(request, pk, year, period):
    """The number, date, signer… of a bloc's report: Home Affairs, admins and the leader
    agency's officer of the year (who may issue the report)."""
    target = bloc_access(request.user, pk, year)
    kind = _kind_or_404(period)
    if not request.user.has_perm("reports.edit_bloc_report_meta", target):
        raise PermissionDenied
    bloc = target.bloc
    report = selectors.bloc_report(bloc=bloc, year=year, kind=kind, status="both", scope=selectors.SCOPE_ACCEPTED)
    return _meta_page(
        request,
        province=bloc.province,
        bloc=bloc,
        year=year,
        kind=kind,
        defaults=meta.bloc_report_defaults(report),
        back_url=reverse("reports:bloc", args=[bloc.pk, year, kind]),
        title=bloc.name,
    )


@login_required
def province_meta(request, pk, year, kind):
    """The number, date, signer… of a province's roll-up or statutory forms: Home Affairs of the
    province and admins."""
    province = _province_for_reports(request, pk)
    if kind not in meta.PROVINCE_KINDS:
        raise Http404
    if kind == ReportMeta.Kind.STATUTORY:
        back_url = reverse("reports:statutory", args=[province.pk, year])
    else:
        back_url = reverse("reports:rollup", args=[province.pk, year, meta.PERIOD_KIND[kind]])
    period = meta.period_of(province, year, kind)
    return _meta_page(
        request,
        province=province,
        bloc=None,
        year=year,
        kind=kind,
        defaults=meta.province_report_defaults(province, year, kind, period=period),
        back_url=back_url,
        title=province.name,
    )
