"""Pages for movements, the covenant, the scoring table, score sheets and the ranking.

Every page starts from `blocs.access.bloc_access` (404 outside the user's province) and
then asks the rules (403 when in scope but not allowed). Writes go through one service call.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blocs import selectors as bloc_selectors
from blocs.access import BlocAccess, bloc_access
from blocs.concurrency import save_if_fresh
from blocs.forms import apply_service_error
from blocs.models import Bloc, Movement
from blocs.years import parse_year
from scoring import exports, selectors, services
from scoring.forms import (
    AdjustmentItemForm,
    CovenantForm,
    CriterionForm,
    GroupForm,
    MovementForm,
    PledgeForm,
    ScoresForm,
    TableSettingsForm,
    TargetForm,
)
from scoring.models import AdjustmentItem, CovenantTarget, Criterion, Score, ScoreGroup, ScoreSheet, ScoringTable


def _ctx(request, pk, year) -> BlocAccess:
    return bloc_access(request.user, pk, year, with_roster=True)


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _table_or_404(ctx) -> ScoringTable:
    table = selectors.table_for(ctx.bloc, ctx.year)
    if table is None:
        raise Http404
    return table


def _member_or_404(ctx, agency_pk):
    agency = ctx.member(agency_pk)
    if agency is None:
        raise Http404
    return agency


def _page(request, template, ctx, **context):
    return render(request, template, {"ctx": ctx, "bloc": ctx.bloc, "year": ctx.year, **context})


def _download(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(field_file.name))


# --- Overview -----------------------------------------------------------------------------


@login_required
def overview(request, pk, year):
    ctx = _ctx(request, pk, year)
    table = selectors.table_for(ctx.bloc, ctx.year)
    sheets = selectors.sheets_by_agency(table) if table else {}
    cov = selectors.covenant_view(ctx)
    return _page(
        request,
        "scoring/overview.html",
        ctx,
        table=table,
        my_sheet=sheets.get(ctx.agency_id),
        members=[(m, sheets.get(m.agency_id)) for m in ctx.roster],
        covenant=cov,
        movement_count=selectors.movements_for_bloc_year(ctx.bloc, ctx.year).count(),
        can_see_ranking=selectors.can_see_ranking(ctx, table),
    )


# --- Movements ----------------------------------------------------------------------------


@login_required
def movement_list(request, pk, year):
    ctx = _ctx(request, pk, year)
    movements = list(selectors.movements_for_bloc_year(ctx.bloc, ctx.year))
    return _page(
        request,
        "scoring/movement_list.html",
        ctx,
        movements=movements,
        can_add=ctx.manages_or_leads,
        editable={m.id for m in movements if _can_edit_movement(ctx, m)},
    )


def _can_edit_movement(ctx, movement) -> bool:
    """Without a query per row: the bloc-year's managers edit the bloc's movements of that year,
    Home Affairs every movement of the province."""
    if ctx.manages:
        return True
    return ctx.leads and movement.bloc_id == ctx.bloc.id


@login_required
def movement_create(request, pk, year):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    movement = Movement(province=ctx.bloc.province, bloc=ctx.bloc)
    form = MovementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=movement,
        fixed_bloc=ctx.bloc,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_movement(movement=form.instance, year=ctx.year)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect("scoring:movements", pk=ctx.bloc.pk, year=ctx.year)
    return _page(
        request, "scoring/movement_form.html", ctx, form=form, back=reverse("scoring:movements", args=[pk, year])
    )


@login_required
def province_movements(request, pk):
    province = get_object_or_404(bloc_selectors.provinces_for_user(request.user), pk=pk)
    year = parse_year(request.GET.get("year"))
    can_manage = bloc_selectors.can_manage_province(request.user, province.id)
    return render(
        request,
        "scoring/province_movements.html",
        {
            "province": province,
            "year": year,
            "movements": list(selectors.movements_for_province(province, year)),
            "can_manage": can_manage,
        },
    )


@login_required
def province_movement_create(request, pk):
    province = get_object_or_404(bloc_selectors.provinces_for_user(request.user), pk=pk)
    if not bloc_selectors.can_manage_province(request.user, province.id):
        raise PermissionDenied
    form = MovementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=Movement(province=province),
        province=province,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_movement(movement=form.instance)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect("scoring:province_movements", pk=province.pk)
    return render(
        request,
        "scoring/movement_form.html",
        {"form": form, "province": province, "back": reverse("scoring:province_movements", args=[pk])},
    )


@login_required
def movement_edit(request, pk):
    movement = selectors.movement_for_user(request.user, pk)
    _require(request.user, "scoring.manage_movement", movement)
    manages_province = bloc_selectors.can_manage_province(request.user, movement.province_id)
    # The leader officer may not move the movement to another year or bloc; Home Affairs may.
    year = None if manages_province else movement.launch_date.year
    form = MovementForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=movement,
        fixed_bloc=None if manages_province else movement.bloc,
        province=movement.province,
    )
    if request.method != "POST":
        form.set_version(selectors.movement_snapshot(movement))
    if request.method == "POST" and form.is_valid():
        try:
            save_if_fresh(
                form,
                lambda: selectors.movement_snapshot_now(movement.pk),
                lambda: services.save_movement(movement=form.instance, year=year),
                lock=Movement.objects.filter(pk=movement.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The movement was saved."))
                if movement.bloc_id and movement.launch_date:
                    return redirect("scoring:movements", pk=movement.bloc_id, year=movement.launch_date.year)
                return redirect("scoring:province_movements", pk=movement.province_id)
    return render(
        request,
        "scoring/movement_form.html",
        {
            "form": form,
            "movement": movement,
            "back": reverse("scoring:province_movements", args=[movement.province_id]),
        },
    )


@login_required
def movement_plan(request, pk):
    """The attached plan, only to users who can see the movement's province."""
    return _download(selectors.movement_for_user(request.user, pk).plan_file)


# --- Covenant -----------------------------------------------------------------------------


@login_required
def covenant(request, pk, year):
    ctx = _ctx(request, pk, year)
    view = selectors.covenant_view(ctx)
    return _page(request, "scoring/covenant.html", ctx, cov=view, can_manage=ctx.manages_or_leads)


@login_required
def covenant_edit(request, pk, year):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    instance = selectors.covenant_view(ctx).covenant
    form = CovenantForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method != "POST":
        form.set_version(selectors.covenant_snapshot(instance))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_if_fresh(
            form,
            lambda: selectors.covenant_snapshot_now(ctx.bloc, ctx.year),
            lambda: services.save_covenant(
                bloc=ctx.bloc, year=ctx.year, title=data["title"], signed_on=data["signed_on"], note=data["note"]
            ),
            lock=Bloc.objects.filter(pk=ctx.bloc.pk),
        )
        if not form.is_stale:
            messages.success(request, _("The covenant was saved."))
            return redirect("scoring:covenant", pk=pk, year=year)
    return _page(request, "scoring/simple_form.html", ctx, form=form, title=_("Covenant"), back=_covenant_url(ctx))


def _covenant_url(ctx):
    return reverse("scoring:covenant", args=[ctx.bloc.pk, ctx.year])


@login_required
def target_form(request, pk, year, target_pk=None):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    target = None
    if target_pk is not None:
        target = get_object_or_404(CovenantTarget, pk=target_pk, covenant__bloc=ctx.bloc, covenant__year=ctx.year)
    form = TargetForm(request.POST if request.method == "POST" else None, instance=target)
    if request.method != "POST":
        form.set_version(selectors.target_snapshot(target))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            cov = target.covenant if target else services.save_covenant(bloc=ctx.bloc, year=ctx.year)
            return services.save_target(
                covenant=cov,
                target=target,
                text=data["text"],
                target_value=data["target_value"],
                unit=data["unit"],
                position=data["position"],
            )

        try:
            if target is None:
                save()
            else:
                save_if_fresh(
                    form,
                    lambda: selectors.target_snapshot(CovenantTarget.objects.filter(pk=target.pk).first()),
                    save,
                    lock=CovenantTarget.objects.filter(pk=target.pk),
                )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The target was saved."))
                return redirect(_covenant_url(ctx))
    return _page(
        request, "scoring/simple_form.html", ctx, form=form, title=_("Covenant target"), back=_covenant_url(ctx)
    )


@login_required
@require_POST
def target_delete(request, pk, year, target_pk):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    target = get_object_or_404(CovenantTarget, pk=target_pk, covenant__bloc=ctx.bloc, covenant__year=ctx.year)
    services.delete_target(target=target)
    messages.success(request, _("The target was removed."))
    return redirect(_covenant_url(ctx))


@login_required
def pledge_edit(request, pk, year, agency_pk):
    """A member records its own pledge; the bloc-year's managers record anyone's."""
    ctx = _ctx(request, pk, year)
    agency = _member_or_404(ctx, agency_pk)
    if not (ctx.manages_or_leads or ctx.agency_id == agency.id):
        raise PermissionDenied
    view = selectors.covenant_view(ctx)
    pledge = next((p for p in view.pledges if p.agency_id == agency.id), None)
    initial = {}
    if pledge:
        initial = {
            "signed_on": pledge.signed_on,
            "signatory_name": pledge.signatory_name,
            "signatory_title": pledge.signatory_title,
            "note": pledge.note,
        }
    form = PledgeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method != "POST":
        form.set_version(selectors.pledge_snapshot(pledge))
    if request.method == "POST" and form.is_valid():

        def save():
            cov = view.covenant or services.save_covenant(bloc=ctx.bloc, year=ctx.year)
            return services.record_pledge(covenant=cov, agency=agency, user=request.user, **form.cleaned_data)

        try:
            save_if_fresh(
                form,
                lambda: selectors.pledge_snapshot_now(ctx.bloc, ctx.year, agency),
                save,
                lock=Bloc.objects.filter(pk=ctx.bloc.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The pledge of %(agency)s was recorded.") % {"agency": agency})
                return redirect(_covenant_url(ctx))
    title = _("Pledge of %(agency)s") % {"agency": agency}
    return _page(
        request, "scoring/simple_form.html", ctx, form=form, title=title, back=_covenant_url(ctx), multipart=True
    )


@login_required
def pledge_file(request, pk):
    return _download(selectors.pledge_for_user(request.user, pk).file)


# --- Scoring table ------------------------------------------------------------------------


@login_required
def table_detail(request, pk, year):
    ctx = _ctx(request, pk, year)
    table = selectors.table_for(ctx.bloc, ctx.year)
    structure = selectors.table_structure(table) if table else None
    previous = services.previous_table(ctx.bloc, ctx.year) if table is None and ctx.manages_or_leads else None
    return _page(
        request,
        "scoring/table.html",
        ctx,
        table=table,
        structure=structure,
        previous=previous,
        can_manage=ctx.manages_or_leads,
        Kind=AdjustmentItem.Kind,
    )


@login_required
@require_POST
def table_create(request, pk, year):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    try:
        services.create_table(bloc=ctx.bloc, year=ctx.year, copy_previous=request.POST.get("copy") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The scoring table was created."))
    return redirect("scoring:table", pk=pk, year=year)


def _table_page(request, pk, year):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    return ctx, _table_or_404(ctx)


def _table_form(request, ctx, table, form, save, title, *, row=None):
    """Bind, check that `row` (the table itself, a group, criterion or item; None when adding)
    is as the user read it, call the service, turn its error into form errors (a locked table
    among them)."""
    if request.method != "POST":
        form.set_version(selectors.table_row_snapshot(row))
    if request.method == "POST" and form.is_valid():
        try:
            save_if_fresh(
                form,
                lambda: selectors.table_row_snapshot_now(row),
                lambda: save(form.cleaned_data),
                lock=ScoringTable.objects.filter(pk=table.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The scoring table was saved."))
                return redirect(table.get_absolute_url())
    return _page(request, "scoring/simple_form.html", ctx, form=form, title=title, back=table.get_absolute_url())


@login_required
def table_settings(request, pk, year):
    ctx, table = _table_page(request, pk, year)
    form = TableSettingsForm(
        request.POST if request.method == "POST" else None, initial={"title": table.title, "method": table.method}
    )

    def save(data):
        services.update_table_settings(table=table, title=data["title"], method=data["method"])

    return _table_form(request, ctx, table, form, save, _("Scoring table settings"), row=table)


@login_required
def group_form(request, pk, year, row_pk=None):
    ctx, table = _table_page(request, pk, year)
    group = get_object_or_404(ScoreGroup, pk=row_pk, table=table) if row_pk else None
    form = GroupForm(request.POST if request.method == "POST" else None, instance=group, table=table)

    def save(data):
        services.save_group(table=table, group=group, name=data["name"], position=data["position"])

    return _table_form(request, ctx, table, form, save, _("Criteria group"), row=group)


@login_required
def criterion_form(request, pk, year, row_pk=None):
    ctx, table = _table_page(request, pk, year)
    criterion = get_object_or_404(Criterion, pk=row_pk, group__table=table) if row_pk else None
    form = CriterionForm(request.POST if request.method == "POST" else None, instance=criterion, table=table)

    def save(data):
        services.save_criterion(
            table=table,
            group=data["group"],
            criterion=criterion,
            name=data["name"],
            max_points=data["max_points"],
            auto_source=data["auto_source"],
            guidance=data["guidance"],
            position=data["position"],
        )

    return _table_form(request, ctx, table, form, save, _("Criterion"), row=criterion)


@login_required
def item_form(request, pk, year, row_pk=None):
    ctx, table = _table_page(request, pk, year)
    item = get_object_or_404(AdjustmentItem, pk=row_pk, table=table) if row_pk else None
    form = AdjustmentItemForm(request.POST if request.method == "POST" else None, instance=item, table=table)

    def save(data):
        services.save_adjustment_item(table=table, item=item, **data)

    return _table_form(request, ctx, table, form, save, _("Bonus or penalty item"), row=item)


ROW_MODELS = {
    "group": (ScoreGroup, "table"),
    "criterion": (Criterion, "group__table"),
    "item": (AdjustmentItem, "table"),
}


@login_required
@require_POST
def row_delete(request, pk, year, kind, row_pk):
    _ctx_checked, table = _table_page(request, pk, year)
    if kind not in ROW_MODELS:
        raise Http404
    model, path = ROW_MODELS[kind]
    row = get_object_or_404(model, pk=row_pk, **{path: table})
    try:
        services.delete_table_row(table=table, row=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The row was removed."))
    return redirect(table.get_absolute_url())


# --- Score sheets -------------------------------------------------------------------------


def _form_rows(form, rows):
    """Pair each criterion row with its bound fields (templates cannot build field names)."""
    return [
        {
            "row": r,
            "points": form.bound("points", r.criterion.id),
            "evidence": form.bound("evidence", r.criterion.id),
            "file": form.bound("file", r.criterion.id),
        }
        for r in rows
    ]


def _initial_points(rows, attr):
    initial = {}
    for r in rows:
        score = getattr(r, attr)
        if score is not None:
            initial[services.points_field(r.criterion.id)] = score.points
            initial[f"evidence_{r.criterion.id}"] = score.evidence
        elif attr == "self_score" and r.proposal is not None and r.proposal.points is not None:
            initial[services.points_field(r.criterion.id)] = r.proposal.points
    return initial


@login_required
def self_sheet(request, pk, year, agency_pk):
    """A member's self-assessment: its own officers edit it while a draft; the bloc-year's
    managers read it; nobody else (other members see only their own until finalisation)."""
    ctx = _ctx(request, pk, year)
    table = _table_or_404(ctx)
    agency = _member_or_404(ctx, agency_pk)
    own = ctx.agency_id == agency.id
    if not (own or ctx.manages_or_leads):
        raise PermissionDenied
    structure = selectors.table_structure(table)
    rows = selectors.sheet(table, structure, agency)
    sheet = selectors.sheets_by_agency(table).get(agency.id)
    state = sheet.state if sheet else ScoreSheet.State.DRAFT
    editable = own and state == ScoreSheet.State.DRAFT and not table.is_finalised
    form = ScoresForm(
        request.POST if editable and request.method == "POST" else None,
        request.FILES if editable and request.method == "POST" else None,
        criteria=structure.criteria,
        mode="self",
        initial=_initial_points(rows, "self_score"),
    )
    if request.method != "POST":
        form.set_version(selectors.scores_snapshot(rows, "self_score"))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                save_if_fresh(
                    form,
                    lambda: selectors.scores_snapshot_now(table, agency, Score.Kind.SELF),
                    lambda: services.save_self_scores(
                        table=table, agency=agency, entries=form.entries(), user=request.user
                    ),
                    lock=ScoringTable.objects.filter(pk=table.pk),
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                if not form.is_stale:
                    messages.success(request, _("The self-assessment was saved."))
                    return redirect("scoring:sheet", pk=pk, year=year, agency_pk=agency.pk)
    return _page(
        request,
        "scoring/sheet.html",
        ctx,
        table=table,
        structure=structure,
        agency=agency,
        sheet=sheet,
        state=state,
        rows=_form_rows(form, rows),
        form=form,
        editable=editable,
        own=own,
        self_total=sum((r.self_score.points for r in rows if r.self_score), selectors.ZERO),
        history=selectors.score_history(table, agency) if ctx.manages_or_leads or own else [],
    )


@login_required
@require_POST
def sheet_submit(request, pk, year, agency_pk):
    ctx = _ctx(request, pk, year)
    table = _table_or_404(ctx)
    agency = _member_or_404(ctx, agency_pk)
    if ctx.agency_id != agency.id:
        raise PermissionDenied
    try:
        services.submit_sheet(table=table, agency=agency, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The self-assessment was submitted to the bloc."))
    return redirect("scoring:sheet", pk=pk, year=year, agency_pk=agency.pk)


@login_required
@require_POST
def sheet_return(request, pk, year, agency_pk):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    table = _table_or_404(ctx)
    agency = _member_or_404(ctx, agency_pk)
    try:
        services.return_sheet(table=table, agency=agency)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The self-assessment was returned to %(agency)s.") % {"agency": agency})
    return redirect("scoring:sheet", pk=pk, year=year, agency_pk=agency.pk)


@login_required
def bloc_score(request, pk, year, agency_pk):
    """The bloc's score of a member: the leader's points (method "leader") and the bonus and
    penalty items; with "cross_average" the page shows the cross-score averages instead."""
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    table = _table_or_404(ctx)
    agency = _member_or_404(ctx, agency_pk)
    structure = selectors.table_structure(table)
    rows = selectors.sheet(table, structure, agency)
    applied = selectors.applied_adjustments(table, agency)
    leader_method = table.method == ScoringTable.Method.LEADER
    initial = _initial_points(rows, "leader_score") if leader_method else {}
    for item_id, a in applied.items():
        initial[services.quantity_field(item_id)] = a.quantity
        initial[f"note_{item_id}"] = a.note
    editable = not table.is_finalised
    form = ScoresForm(
        request.POST if editable and request.method == "POST" else None,
        criteria=structure.criteria,
        mode="leader" if leader_method else "adjustments_only",
        items=structure.items,
        initial=initial,
    )

    def snapshot_now():
        scores = selectors.scores_snapshot_now(table, agency, Score.Kind.LEADER) if leader_method else {}
        return scores | selectors.adjustments_snapshot(selectors.applied_adjustments(table, agency), structure.items)

    if request.method != "POST":
        scores = selectors.scores_snapshot(rows, "leader_score") if leader_method else {}
        form.set_version(scores | selectors.adjustments_snapshot(applied, structure.items))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                save_if_fresh(
                    form,
                    snapshot_now,
                    lambda: services.save_bloc_scores(
                        table=table,
                        agency=agency,
                        entries=form.entries(),
                        adjustments=form.adjustments(),
                        user=request.user,
                    ),
                    lock=ScoringTable.objects.filter(pk=table.pk),
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                if not form.is_stale:
                    messages.success(request, _("The bloc's score of %(agency)s was saved.") % {"agency": agency})
                    return redirect("scoring:ranking", pk=pk, year=year)
    items = [
        {"item": i, "quantity": form[services.quantity_field(i.id)], "note": form[f"note_{i.id}"]}
        for i in structure.items
    ]
    sheet = selectors.sheets_by_agency(table).get(agency.id)
    return _page(
        request,
        "scoring/bloc_score.html",
        ctx,
        table=table,
        structure=structure,
        agency=agency,
        rows=_form_rows(form, rows),
        items=items,
        form=form,
        editable=editable,
        leader_method=leader_method,
        submitted=sheet is not None and sheet.state != ScoreSheet.State.DRAFT,
    )


@login_required
def cross_score(request, pk, year, agency_pk):
    """A member's cross-score of another member (method "cross_average"); never of itself."""
    ctx = _ctx(request, pk, year)
    table = _table_or_404(ctx)
    agency = _member_or_404(ctx, agency_pk)
    _require(request.user, "scoring.take_part", ctx)
    # has_perm is always true for a superuser: an admin is no member and does not cross-score.
    if table.method != ScoringTable.Method.CROSS_AVERAGE or ctx.agency_id in (None, agency.id):
        raise PermissionDenied
    scorer = ctx.member(ctx.agency_id)
    structure = selectors.table_structure(table)
    rows = selectors.sheet(table, structure, agency, scorer_id=scorer.id)
    editable = not table.is_finalised
    form = ScoresForm(
        request.POST if editable and request.method == "POST" else None,
        criteria=structure.criteria,
        mode="cross",
        initial=_initial_points(rows, "my_cross"),
    )
    if request.method != "POST":
        form.set_version(selectors.scores_snapshot(rows, "my_cross"))
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                save_if_fresh(
                    form,
                    lambda: selectors.scores_snapshot_now(table, agency, Score.Kind.CROSS, scorer_id=scorer.id),
                    lambda: services.save_cross_scores(
                        table=table, scorer=scorer, agency=agency, entries=form.entries(), user=request.user
                    ),
                    lock=ScoringTable.objects.filter(pk=table.pk),
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                if not form.is_stale:
                    messages.success(request, _("Your cross-score of %(agency)s was saved.") % {"agency": agency})
                    return redirect("scoring:overview", pk=pk, year=year)
    return _page(
        request,
        "scoring/cross_score.html",
        ctx,
        table=table,
        structure=structure,
        agency=agency,
        rows=_form_rows(form, rows),
        form=form,
        editable=editable,
    )


@login_required
def score_file(request, pk):
    """An evidence attachment: to the bloc-year's managers and the agency that scored it."""
    score = selectors.score_for_user(request.user, pk)
    ctx = bloc_access(request.user, score.table.bloc_id, score.table.year)
    if not (ctx.manages_or_leads or ctx.agency_id in {score.agency_id, score.scorer_id}):
        raise PermissionDenied
    return _download(score.attachment)


# --- History ------------------------------------------------------------------------------


@login_required
@require_GET
def history(request, pk, year):
    """Who changed the bloc-year's covenant, table, sheets and scores, when and what. Read-only.
    Managers see every change, members the shared structure and their own agency's rows; an
    officer whose agency is not a member that year gets a 404, as for a conference's history."""
    ctx = _ctx(request, pk, year)
    if not request.user.has_perm("scoring.view_history", ctx):
        raise Http404
    return _page(
        request,
        "scoring/history.html",
        ctx,
        entries=selectors.scoring_history(request.user, ctx),
        sees_all=ctx.manages_or_leads,
    )


# --- Ranking ------------------------------------------------------------------------------


def _ranking_rows(ctx, table):
    rows = selectors.ranking_for_table(table, ctx.roster)
    votes = selectors.vote_outcomes(ctx.bloc, ctx.year)
    for row in rows:
        row.votes = votes.get(row.agency.id, [])
    return rows, bool(votes)


@login_required
def ranking(request, pk, year):
    """Managers see the ranking as it forms; members see it once finalised."""
    ctx = _ctx(request, pk, year)
    table = _table_or_404(ctx)
    if not selectors.can_see_ranking(ctx, table):
        raise PermissionDenied
    rows, has_votes = _ranking_rows(ctx, table)
    return _page(
        request,
        "scoring/ranking.html",
        ctx,
        table=table,
        rows=rows,
        has_votes=has_votes,
        can_manage=ctx.manages_or_leads,
        total_max=selectors.table_structure(table).total_max if ctx.manages_or_leads else None,
        tie_rule=selectors.TIE_BREAK_RULE,
        cross=table.method == ScoringTable.Method.CROSS_AVERAGE,
    )


@login_required
def ranking_export(request, pk, year, fmt="xlsx"):
    ctx = _ctx(request, pk, year)
    table = _table_or_404(ctx)
    if not selectors.can_see_ranking(ctx, table):
        raise PermissionDenied
    rows, has_votes = _ranking_rows(ctx, table)
    doc = exports.RankingExporter(table, rows, with_votes=has_votes)
    content_types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(doc.xlsx() if fmt == "xlsx" else doc.docx(), content_type=content_types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc.filename(fmt)}"'
    return response


@login_required
@require_POST
def finalise(request, pk, year):
    ctx = _ctx(request, pk, year)
    _require(request.user, "scoring.manage_bloc_year", ctx)
    table = _table_or_404(ctx)
    try:
        services.finalise(table=table, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The scores of %(year)s are finalised.") % {"year": year})
    return redirect("scoring:ranking", pk=pk, year=year)
