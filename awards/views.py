from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import excel, selectors, services
from awards.forms import (
    Catalogue,
    PeriodEditForm,
    PeriodForm,
    ReasonForm,
    RecordFormSet,
    RecordRowForm,
    UploadForm,
    VersionForm,
)
from awards.models import MAX_ROWS, AwardLevel, AwardRecord, ReportingPeriod, Submission
from blocs import dataversion
from blocs import selectors as bloc_selectors
from blocs.access import led_bloc, years_led
from blocs.concurrency import StaleEdit, save_if_fresh
from blocs.forms import apply_service_error
from blocs.models import Province
from blocs.years import parse_year

PREFIX = "rows"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _province_ids(user):
    """The provinces whose years the menus offer (None: every province, for admins)."""
    return [user.agency.province_id] if user.is_officer else bloc_selectors.visible_province_ids(user)


def _manageable_provinces(user):
    if user.is_admin_role:
        return Province.objects.all()
    if user.is_home_affairs:
        return Province.objects.filter(id__in=bloc_selectors.visible_province_ids(user))
    return Province.objects.none()


# --- Periods ---------------------------------------------------------------------------------


@login_required
def period_list(request):
    """The periods the user may see: officers go to their agency's figures, Home Affairs and
    leader officers to the completeness board."""
    user = request.user
    year = parse_year(request.GET.get("year"))
    periods = list(selectors.period_list(user, year=year))
    my_states = {}
    led_years = set()
    if user.is_officer:
        my_states = dict(
            Submission.objects.filter(agency_id=user.agency_id).values_list("period_id", "state").order_by()
        )
        led_years = years_led(user)
    manageable = set(_manageable_provinces(user).values_list("id", flat=True))
    rows = [
        {
            "period": p,
            "my_state": my_states.get(p.id, selectors.NOT_STARTED),
            "can_manage": p.province_id in manageable,
            "sees_board": p.province_id in manageable or p.year in led_years,
        }
        for p in periods
    ]
    return render(
        request,
        "awards/period_list.html",
        {
            "rows": rows,
            "can_create": bool(manageable),
            "is_officer": user.is_officer,
            "year": year,
            "menu_years": list(reversed(bloc_selectors.province_years(_province_ids(user)))),
        },
    )


@login_required
def period_create(request):
    provinces = _manageable_provinces(request.user)
    if not provinces.exists():
        raise PermissionDenied
    form = PeriodForm(
        request.POST if request.method == "POST" else None,
        provinces=provinces,
        initial={"province": request.user.province_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.open_period(
                province=data["province"],
                year=data["year"],
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                deadline=data["deadline"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The period %(period)s is open.") % {"period": period})
            return redirect("awards:board", pk=period.pk)
    return render(request, "awards/period_form.html", {"form": form, "created": True})


@login_required
def period_edit(request, pk):
    period = selectors.period_for_user(request.user, pk)
    _require(request.user, "awards.manage_period", period)
    form = PeriodEditForm(
        request.POST if request.method == "POST" else None, instance=ReportingPeriod.objects.get(pk=period.pk)
    )
    if request.method != "POST":
        form.set_version(selectors.period_snapshot(form.instance))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_if_fresh(
                form,
                lambda: selectors.period_snapshot(ReportingPeriod.objects.get(pk=period.pk)),
                lambda: services.update_period(
                    period=period,
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    deadline=data["deadline"],
                    actor=request.user,
                ),
                lock=ReportingPeriod.objects.filter(pk=period.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The period was saved."))
                return redirect("awards:board", pk=period.pk)
    return render(request, "awards/period_form.html", {"form": form, "period": period, "created": False})


@login_required
@require_POST
def period_close(request, pk):
    period = selectors.period_for_user(request.user, pk)
    _require(request.user, "awards.manage_period", period)
    try:
        services.close_period(period=period, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The period is closed; its reports are now read-only."))
    return redirect("awards:board", pk=period.pk)


@login_required
def period_reopen(request, pk):
    period = selectors.period_for_user(request.user, pk)
    _require(request.user, "awards.manage_period", period)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_period(period=period, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The period is open again."))
            return redirect("awards:board", pk=period.pk)
    return render(request, "awards/period_reopen.html", {"form": form, "period": period})


# --- Completeness board ----------------------------------------------------------------------


@login_required
def board(request, pk):
    user = request.user
    period = selectors.period_for_user(user, pk)
    _require(user, "awards.view_board", period)
    can_manage = user.has_perm("awards.manage_period", period)
    bloc_ids = None
    if not can_manage:
        bloc_ids = [led_bloc(user, period.year).id]
    bloc_param = request.GET.get("bloc", "")
    selected = int(bloc_param) if bloc_param.isdigit() else None
    version = dataversion.current()  # one version for the rows and their HTML (board_rows)
    data = dataversion.cached(
        "completeness_board",
        (period.pk, bloc_ids, selected),
        lambda: selectors.completeness_board(period, bloc_ids=bloc_ids, selected_bloc_id=selected),
        version=version,
    )
    for row in data.rows:
        row.can_review = can_manage or (not row.is_bloc_total and row.agency.id != user.agency_id)
    return render(
        request,
        "awards/board.html",
        {
            "period": period,
            "board": data,
            "data_version": version,
            "can_manage": can_manage,
            "events": list(period.events.select_related("actor").order_by("-at", "-id")[:10]),
            "State": Submission.State,
        },
    )


# --- Entry grid ------------------------------------------------------------------------------


def _catalogue(slot, records):
    return Catalogue(
        forms_list=selectors.award_forms(include_ids={r.form_id for r in records}),
        authorities=selectors.authority_names(),
        movements=selectors.movements_of(slot.period.province_id),
    )


def _formset(slot, catalogue, *, data=None, initial=None):
    return RecordFormSet(
        data,
        initial=initial,
        prefix=PREFIX,
        period=slot.period,
        form_kwargs={"catalogue": catalogue},
    )


@login_required
def grid(request, pk, agency_pk=None, bloc_pk=None):
    """One agency's figures for one period (or, with `bloc_pk`, the bloc's own totals, "Toàn
    khối"): the editable grid for whoever may enter them (`selectors.can_enter_figures`: the
    agency's officer, Home Affairs on its behalf) while the report is a draft (or returned) and
    the period open, a read-only table otherwise."""
    user = request.user
    slot = selectors.slot_for_user(user, pk, agency_pk, bloc_pk=bloc_pk)
    can_edit = user.has_perm("awards.edit_slot", slot)
    records, decided_records = selectors.grid_records(slot.submission)
    catalogue = _catalogue(slot, records)
    stale_changes = None
    copied = False

    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        data = request.POST.copy()
        if action == "add_row":
            total = data.get(f"{PREFIX}-TOTAL_FORMS", "0")
            total = int(total) if total.isdigit() else 0
            if total >= MAX_ROWS:
                messages.error(request, _("A report holds at most %(num)d rows.") % {"num": MAX_ROWS})
            data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, MAX_ROWS))
        formset = _formset(slot, catalogue, data=data)
        version_form = VersionForm(data)
        if action != "add_row" and formset.is_valid() and version_form.is_valid():
            service = services.submit_submission if action == "submit" else services.save_submission
            try:
                service(
                    agency=slot.agency,
                    bloc=slot.bloc,
                    period=slot.period,
                    rows=formset.rows,
                    version=version_form.cleaned_data["version"],
                    actor=user,
                )
            except StaleEdit as exc:
                stale_changes = exc.changes
                messages.error(request, exc.messages[0])
                # The user has now seen what changed: saving again (from this page) is deliberate.
                version_form = VersionForm(initial={"version": _current_version(slot)})
            except services.RowsInvalid as exc:
                for e in exc.row_errors:
                    formset.kept_forms()[e.index].add_error(None, e.message)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if action == "submit":
                    messages.success(request, _("The report was submitted to Home Affairs."))
                else:
                    messages.success(request, _("The draft was saved."))
                return redirect(slot.grid_url)
        if action == "add_row":
            version_form = VersionForm(initial={"version": data.get("version", slot.version)})
    else:
        initial = [RecordRowForm.initial_from(r) for r in records]
        if can_edit and request.GET.get("copy") == "h1" and not records:
            initial = [RecordRowForm.initial_from(r) for r in selectors.first_half_records(slot.owner, slot.period)]
            copied = True
        formset = _formset(slot, catalogue, initial=initial)
        version_form = VersionForm(initial={"version": slot.version})

    levels, total = selectors.level_totals(slot.submission)
    return render(
        request,
        "awards/grid.html",
        {
            "slot": slot,
            "period": slot.period,
            "agency": slot.agency,
            "submission": slot.submission,
            "can_edit": can_edit,
            "can_review": slot.submission is not None and user.has_perm("awards.review_submission", slot.submission),
            "records": records,
            "decided_records": decided_records,
            "formset": formset if can_edit else None,
            # Given apart: `formset.x` in a template first tries formset["x"], which builds
            # every row's form (issue 12: half the time of a 500-row grid).
            "management_form": formset.management_form if can_edit else None,
            "non_form_errors": formset.non_form_errors() if can_edit else [],
            "version_form": version_form if can_edit else None,
            "catalogue": catalogue,
            "form_data": catalogue.form_data(),
            "levels": levels,
            "total": total,
            "level_choices": AwardLevel.choices,
            "events": selectors.submission_events(slot.submission),
            "stale_changes": stale_changes,
            "copied": copied,
            "offer_copy": can_edit and not records and slot.period.kind == ReportingPeriod.Kind.YEAR,
            "return_form": ReasonForm(),
            "State": Submission.State,
            "Status": AwardRecord.Status,
        },
    )


def _current_version(slot) -> int:
    whose = {"bloc": slot.bloc} if slot.is_bloc_total else {"agency": slot.agency}
    return Submission.objects.filter(period=slot.period, **whose).values_list("version", flat=True).first() or 0


# --- Review ----------------------------------------------------------------------------------


def _back(request, submission):
    target = request.POST.get("next", "")
    board_url = reverse("awards:board", args=[submission.period_id])
    grid_url = selectors.slot_of(submission).grid_url
    return redirect(target if target in (board_url, grid_url) or target.startswith(board_url + "?") else board_url)


@login_required
@require_POST
def submission_accept(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    _require(request.user, "awards.review_submission", submission)
    try:
        services.accept_submission(submission=submission, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report of %(agency)s was accepted.") % {"agency": submission.owner_label})
    return _back(request, submission)


@login_required
def submission_return(request, pk):
    submission = selectors.submission_for_user(request.user, pk)
    _require(request.user, "awards.review_submission", submission)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_submission(submission=submission, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                apply_service_error(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return _back(request, submission)
        else:
            messages.success(
                request, _("The report of %(agency)s was returned for correction.") % {"agency": submission.owner_label}
            )
            return _back(request, submission)
    return render(
        request,
        "awards/submission_return.html",
        {"form": form, "submission": submission, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


# --- History ---------------------------------------------------------------------------------


@login_required
@require_GET
def submission_history(request, pk):
    """Who changed an agency's report, when and what (records field by field, transitions with
    their reasons). Read-only; the same readers as the agency's figures, anyone else a 404."""
    submission = selectors.submission_for_user(request.user, pk)
    return render(
        request,
        "awards/submission_history.html",
        {
            "submission": submission,
            "slot": selectors.slot_of(submission),
            "period": submission.period,
            "entries": selectors.submission_history(submission),
        },
    )


# --- Excel round trip ------------------------------------------------------------------------


@login_required
def download_template(request, pk, agency_pk=None, bloc_pk=None):
    slot = selectors.slot_for_user(request.user, pk, agency_pk, bloc_pk=bloc_pk)
    records = selectors.records_of(slot.submission)
    content = excel.build_template(
        agency=slot.agency,
        bloc=slot.bloc,
        period=slot.period,
        version=slot.version,
        records=records,
        forms_list=selectors.award_forms(include_ids={r.form_id for r in records}),
        authorities=selectors.authority_names(),
        movements=selectors.movements_of(slot.period.province_id),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{excel.template_filename(slot.agency, slot.period, slot.bloc)}"'
    )
    return response


@login_required
def upload(request, pk, agency_pk=None, bloc_pk=None):
    slot = selectors.slot_for_user(request.user, pk, agency_pk, bloc_pk=bloc_pk)
    _require(request.user, "awards.edit_slot", slot)
    form = UploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    errors: list[str] = []
    stale_changes = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        records = selectors.records_of(slot.submission)
        try:
            if uploaded.size > excel.MAX_UPLOAD_BYTES:
                raise excel.UploadInvalid([_("The file is larger than 5 MB.")])
            parsed = excel.parse_upload(
                name=uploaded.name,
                content_type=uploaded.content_type,
                data=uploaded.read(),
                agency=slot.agency,
                bloc=slot.bloc,
                period=slot.period,
                forms_list=selectors.award_forms(include_ids={r.form_id for r in records}),
                movements=selectors.movements_of(slot.period.province_id),
            )
            services.save_submission(
                agency=slot.agency,
                bloc=slot.bloc,
                period=slot.period,
                rows=parsed.rows,
                version=parsed.version,
                actor=request.user,
            )
        except excel.UploadInvalid as exc:
            errors = exc.errors
        except StaleEdit as exc:
            errors = [exc.messages[0]]
            stale_changes = exc.changes
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("%(n)d rows were read from the file and saved as a draft.") % {"n": len(parsed.rows)}
            )
            return redirect(slot.grid_url)
    return render(
        request,
        "awards/upload.html",
        {"form": form, "slot": slot, "errors": errors, "stale_changes": stale_changes},
    )
