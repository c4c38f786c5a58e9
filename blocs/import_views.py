"""Import the bloc division from .xlsx: upload → preview → apply, all or nothing.

The uploaded file is kept in the session between the preview and the confirmation (a few
kilobytes; the session is in the database), with the preview's digest: applying re-reads the
file and refuses if the province's data changed since the preview.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs import imports, selectors, services
from blocs.forms import DivisionUploadForm
from blocs.text import vn_slug

SESSION_KEY = "bloc_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_param(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 1945 <= int(value) <= 2200:
        return int(value)
    return timezone.localdate().year


@login_required
def import_template(request, province_pk):
    """The template, pre-filled with the province's division of ?year= (empty if none)."""
    province = selectors.managed_province_for_user(request.user, province_pk)
    year = _year_param(request)
    response = HttpResponse(imports.build_template(province=province, year=year), content_type=XLSX)
    filename = f"{vn_slug('phan khoi thi dua', province.name, year)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def bloc_import(request, province_pk):
    province = selectors.managed_province_for_user(request.user, province_pk)
    form = DivisionUploadForm(initial={"year": _year_param(request)})
    context = {"province": province, "form": form}
    if request.method != "POST":
        return render(request, "blocs/bloc_import.html", context)

    action = request.POST.get("action", "preview")
    if action == "cancel":
        request.session.pop(SESSION_KEY, None)
        return redirect("blocs:bloc_import", province_pk=province.pk)
    if action == "apply":
        return _apply(request, province)

    form = DivisionUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "blocs/bloc_import.html", context)
    year = form.cleaned_data["year"]
    try:
        name, data = imports.read_upload(form.cleaned_data["file"])
        rows = imports.parse_division(data, name=name)
    except imports.DivisionInvalid as exc:
        context["errors"] = exc.errors
        return render(request, "blocs/bloc_import.html", context)
    plan = imports.plan_division(province=province, year=year, rows=rows)
    if plan.errors:
        context["errors"] = plan.errors
        return render(request, "blocs/bloc_import.html", context)
    request.session[SESSION_KEY] = {
        "province": province.pk,
        "year": year,
        "name": name,
        "data": base64.b64encode(data).decode("ascii"),
        "digest": plan.digest(),
    }
    context.update({"plan": plan, "file_name": name})
    return render(request, "blocs/bloc_import.html", context)


def _apply(request, province):
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("province") != province.pk or stored.get("digest") != request.POST.get("digest"):
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("blocs:bloc_import", province_pk=province.pk)
    year = stored["year"]
    context = {"province": province, "form": DivisionUploadForm(initial={"year": year})}
    try:
        rows = imports.parse_division(base64.b64decode(stored["data"]), name=stored["name"])
        plan = services.import_division(province=province, year=year, rows=rows, expected_digest=stored["digest"])
    except imports.DivisionInvalid as exc:
        context["errors"] = exc.errors
        return render(request, "blocs/bloc_import.html", context)
    except ValidationError as exc:
        request.session.pop(SESSION_KEY, None)
        context["errors"] = exc.messages
        return render(request, "blocs/bloc_import.html", context)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("The bloc division of %(year)s was imported: %(blocs)d blocs, %(members)d memberships.")
        % {"year": year, "blocs": len(plan.blocs), "members": plan.membership_count},
    )
    return redirect(f"{reverse('blocs:list')}?year={year}")
