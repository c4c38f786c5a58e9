"""Proposal dossier pages. Thin: fetch through the scoped selectors (404 out of scope), check
the permission (403), bind the form, call one service, turn its errors into form errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.models import AwardForm
from blocs import selectors as bloc_selectors
from blocs.concurrency import instance_snapshot, rows_snapshot, save_if_fresh
from blocs.forms import apply_service_error
from blocs.models import Agency, Membership
from blocs.text import vn_slug
from blocs.years import parse_year
from conferences import selectors as conference_selectors
from conferences.exports import MinutesExporter
from proposals import documents, excel, selectors, services
from proposals.forms import (
    DecisionForm,
    DetailsForm,
    DocumentForm,
    ItemForm,
    ReasonForm,
    ReviewForm,
    UploadIndividualsForm,
)
from proposals.models import DocumentRequirement, Dossier, ProposalItem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _dossier(request, pk, perm: str | None = None) -> Dossier:
    dossier = selectors.dossier_for_user(request.user, pk)
    if perm:
        _require(request.user, perm, dossier)
    return dossier


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Index and the bloc-year page -----------------------------------------------------------


@login_required
@require_GET
def index(request):
    """Where the menu leads: Home Affairs to their provinces' boards, officers to their blocs."""
    year = parse_year(request.GET.get("year")) or timezone.localdate().year - 1
    user = request.user
    provinces = list(bloc_selectors.provinces_for_user(user)) if (user.is_home_affairs or user.is_admin_role) else []
    return render(
        request,
        "proposals/index.html",
        {"year": year, "provinces": provinces, "blocs": selectors.index_blocs(user, year)},
    )


@login_required
@require_GET
def bloc_year(request, bloc_pk, year):
    bloc = selectors.bloc_year_for_user(request.user, bloc_pk, year)
    probe = Dossier(bloc=bloc, year=year)
    return render(
        request,
        "proposals/bloc_year.html",
        {
            "bloc": bloc,
            "year": year,
            "reviews": selectors.reviews_of(bloc, year),
            "can_build": request.user.has_perm("proposals.build_dossier", probe),
        },
    )


@login_required
@require_POST
def create(request, conference_pk):
    """One click: the dossier of a review, built from its votes."""
    conference = selectors.conference_for_user(request.user, conference_pk)
    _require(request.user, "proposals.build_dossier", Dossier(bloc=conference.bloc, year=conference.year))
    try:
        dossier = services.create_dossier(conference=conference, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
        return redirect("proposals:bloc_year", bloc_pk=conference.bloc_id, year=conference.year)
    messages.success(request, _("The dossier was created from the review's votes."))
    return redirect(dossier)


# --- The dossier ----------------------------------------------------------------------------


@login_required
@require_GET
def detail(request, pk):
    dossier = _dossier(request, pk)
    page = selectors.dossier_page(request.user, dossier)
    user = request.user
    return render(
        request,
        "proposals/detail.html",
        {
            "dossier": dossier,
            "bloc": dossier.bloc,
            "page": page,
            "can_build": dossier.is_editable and user.has_perm("proposals.build_dossier", dossier),
            "can_process": user.has_perm("proposals.process_dossier", dossier),
            "State": Dossier.State,
            "reason_form": ReasonForm(),
        },
    )


def _details_snapshot(dossier: Dossier):
    return lambda: instance_snapshot(
        Dossier.objects.get(pk=dossier.pk), ["state", "number", "signer_name", "signer_title"]
    )


@login_required
def edit(request, pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    snapshot = _details_snapshot(dossier)
    if request.method == "POST":
        form = DetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = save_if_fresh(
                    form,
                    snapshot,
                    lambda: services.save_details(
                        dossier=dossier,
                        number=data["number"],
                        signer_name=data["signer_name"],
                        signer_title=data["signer_title"],
                        actor=request.user,
                    ),
                    lock=Dossier.objects.filter(pk=dossier.pk),
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if saved is not None:
                    messages.success(request, _("Saved."))
                    return redirect(dossier)
    else:
        form = DetailsForm(
            initial={"number": dossier.number, "signer_name": dossier.signer_name, "signer_title": dossier.signer_title}
        )
        form.set_version(snapshot())
    return render(
        request,
        "proposals/form.html",
        {"dossier": dossier, "bloc": dossier.bloc, "form": form, "title": _("Cover letter")},
    )


def _members(dossier: Dossier):
    return Agency.objects.filter(
        pk__in=Membership.objects.filter(bloc_id=dossier.bloc_id, year=dossier.year).values("agency_id")
    ).order_by("name")


def _item_snapshot(item_pk):
    def snapshot():
        item = ProposalItem.objects.filter(pk=item_pk).first()
        return instance_snapshot(item, services.FIELDS) if item else {}

    return snapshot


@login_required
def item_form(request, pk, item_pk=None):
    """Add a nominee (an individual, or a collective inside a member agency) or change one."""
    dossier = _dossier(request, pk, "proposals.build_dossier")
    item = selectors.item_of(dossier, item_pk) if item_pk is not None else None
    snapshot = _item_snapshot(item.pk) if item else (lambda: {})
    agencies = _members(dossier)
    if request.method == "POST":
        form = ItemForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = services.ItemData(**{f: form.cleaned_data[f] for f in services.FIELDS})
            try:
                saved = save_if_fresh(
                    form,
                    snapshot,
                    lambda: services.save_item(dossier=dossier, data=data, item=item, actor=request.user),
                    lock=Dossier.objects.filter(pk=dossier.pk),
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if saved is not None:
                    messages.success(request, _("Saved."))
                    return redirect(dossier)
    else:
        initial = (
            {f: getattr(item, f) for f in services.FIELDS} if item else {"recipient": ProposalItem.Recipient.INDIVIDUAL}
        )
        form = ItemForm(initial=initial, agencies=agencies)
        form.set_version(snapshot())
    title = _("Change a nominee") if item else _("Add a nominee")
    return render(
        request, "proposals/form.html", {"dossier": dossier, "bloc": dossier.bloc, "form": form, "title": title}
    )


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    item = selectors.item_of(dossier, item_pk)
    try:
        services.delete_item(item=item, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The nominee was removed."))
    return redirect(dossier)


def _individual_forms() -> list[AwardForm]:
    return [f for f in AwardForm.objects.filter(active=True).order_by("display_order", "name") if f.allows_individuals]


@login_required
@require_GET
def individuals_template(request, pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    content = documents.individuals_template([a.name for a in _members(dossier)], [f.name for f in _individual_forms()])
    return _download(content, XLSX, f"ca-nhan-de-nghi-{vn_slug(dossier.bloc.name)}-{dossier.year}.xlsx")


@login_required
def individuals_upload(request, pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    form = UploadIndividualsForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            rows = excel.parse_individuals(
                name=uploaded.name,
                content_type=uploaded.content_type,
                data=uploaded.read(),
                agencies=list(_members(dossier)),
                forms=_individual_forms(),
            )
            services.import_individuals(dossier=dossier, rows=rows, actor=request.user)
        except excel.UploadInvalid as invalid:
            errors = invalid.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(n)d individuals were added.") % {"n": len(rows)})
            return redirect(dossier)
    return render(
        request,
        "proposals/upload.html",
        {
            "dossier": dossier,
            "bloc": dossier.bloc,
            "form": form,
            "errors": errors,
            "title": _("Upload the individuals' list"),
        },
    )


# --- Documents ------------------------------------------------------------------------------


def _upload_requirements(dossier: Dossier) -> list[DocumentRequirement]:
    form_ids = ProposalItem.objects.filter(dossier=dossier).values("award_form_id")
    return list(
        DocumentRequirement.objects.filter(award_form_id__in=form_ids, active=True)
        .exclude(kind__in=DocumentRequirement.GENERATED)
        .order_by("position", "id")
    )


@login_required
def document_upload(request, pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    items = selectors.items_of(dossier)
    form = DocumentForm(
        request.POST or None, request.FILES or None, requirements=_upload_requirements(dossier), items=items
    )
    if request.method == "GET" and request.GET.get("item"):
        form.initial["item"] = request.GET["item"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(
                dossier=dossier,
                upload=data["file"],
                requirement=data["requirement_obj"],
                item=data["item_obj"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file" if error.code in ("too_large", "file_type", "file_content") else None, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(dossier)
    return render(
        request,
        "proposals/upload.html",
        {"dossier": dossier, "bloc": dossier.bloc, "form": form, "errors": [], "title": _("Upload a document")},
    )


@login_required
@require_GET
def document_download(request, pk, document_pk):
    dossier = _dossier(request, pk, "proposals.see_whole_dossier")
    document = selectors.document_of(dossier, document_pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def document_delete(request, pk, document_pk):
    dossier = _dossier(request, pk, "proposals.build_dossier")
    document = selectors.document_of(dossier, document_pk)
    try:
        services.delete_document(document=document, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The document was deleted."))
    return redirect(dossier)


@login_required
@require_GET
def cover_letter(request, pk):
    dossier = _dossier(request, pk, "proposals.see_whole_dossier")
    paper = documents.cover_letter_content(dossier, selectors.items_of(dossier))
    return _download(documents.paper_docx(paper), DOCX, f"to-trinh-{vn_slug(dossier.bloc.name)}-{dossier.year}.docx")


def _minutes(dossier: Dossier):
    conference = conference_selectors.conference_detail_queryset().get(pk=dossier.conference_id)
    return conference_selectors.minutes(conference, conference_selectors.election_of(conference))


@login_required
@require_GET
def minutes(request, pk):
    dossier = _dossier(request, pk, "proposals.see_whole_dossier")
    return _download(
        MinutesExporter(_minutes(dossier)).docx(), DOCX, f"bien-ban-{vn_slug(dossier.bloc.name)}-{dossier.year}.docx"
    )


@login_required
@require_GET
def vote_count(request, pk):
    dossier = _dossier(request, pk, "proposals.see_whole_dossier")
    paper = documents.vote_count_content(_minutes(dossier))
    if paper is None:
        raise Http404
    return _download(documents.paper_docx(paper), DOCX, f"kiem-phieu-{vn_slug(dossier.bloc.name)}-{dossier.year}.docx")


# --- The workflow ---------------------------------------------------------------------------


def _action(request, pk, perm, service, success, **kwargs):
    dossier = _dossier(request, pk, perm)
    try:
        service(dossier=dossier, actor=request.user, **kwargs)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, success)
    return redirect(dossier)


@login_required
@require_POST
def submit(request, pk):
    return _action(
        request, pk, "proposals.build_dossier", services.submit_dossier, _("The dossier was submitted to Home Affairs.")
    )


@login_required
@require_POST
def receive(request, pk):
    return _action(request, pk, "proposals.process_dossier", services.receive_dossier, _("The dossier was received."))


@login_required
@require_POST
def close(request, pk):
    return _action(request, pk, "proposals.process_dossier", services.close_dossier, _("The dossier was closed."))


@login_required
def return_(request, pk):
    dossier = _dossier(request, pk, "proposals.process_dossier")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_dossier(dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The dossier was returned to the leader agency."))
            return redirect(dossier)
    return render(
        request,
        "proposals/form.html",
        {"dossier": dossier, "bloc": dossier.bloc, "form": form, "title": _("Return the dossier")},
    )


def _verdicts_snapshot(dossier: Dossier, fields):
    def snapshot():
        current = Dossier.objects.get(pk=dossier.pk)
        items = ProposalItem.objects.filter(dossier=dossier).select_related("agency").order_by("position", "id")
        return instance_snapshot(current, ["state", *fields]) | rows_snapshot(
            items, key=lambda i: f"{i.pk}. {i.nominee}", value=lambda i: (i.council_agreed, i.council_note, i.granted)
        )

    return snapshot


@login_required
def review(request, pk):
    """The council's meeting date and its verdict on each nominee."""
    dossier = _dossier(request, pk, "proposals.process_dossier")
    items = selectors.items_of(dossier)
    snapshot = _verdicts_snapshot(dossier, ["council_date"])
    if request.method == "POST":
        form = ReviewForm(request.POST, items=items)
        if form.is_valid():
            try:
                saved = save_if_fresh(
                    form,
                    snapshot,
                    lambda: services.record_review(
                        dossier=dossier,
                        council_date=form.cleaned_data["council_date"],
                        verdicts=form.verdicts(),
                        actor=request.user,
                    ),
                    lock=Dossier.objects.filter(pk=dossier.pk),
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if saved is not None:
                    messages.success(request, _("The council's review was recorded."))
                    return redirect(dossier)
    else:
        initial = {"council_date": dossier.council_date}
        for item in items:
            if item.council_agreed is not None:
                initial[f"agreed_{item.pk}"] = "yes" if item.council_agreed else "no"
            initial[f"note_{item.pk}"] = item.council_note
        form = ReviewForm(initial=initial, items=items)
        form.set_version(snapshot())
    return render(request, "proposals/review.html", {"dossier": dossier, "bloc": dossier.bloc, "form": form})


@login_required
def decide(request, pk):
    """The decision: number, date, signer and the nominees granted."""
    dossier = _dossier(request, pk, "proposals.process_dossier")
    items = selectors.items_of(dossier)
    snapshot = _verdicts_snapshot(dossier, ["decision_number", "decision_date"])
    if request.method == "POST":
        form = DecisionForm(request.POST, items=items)
        if form.is_valid():
            try:
                saved = save_if_fresh(
                    form,
                    snapshot,
                    lambda: services.record_decision(
                        dossier=dossier,
                        decision_number=form.cleaned_data["decision_number"],
                        decision_date=form.cleaned_data["decision_date"],
                        signer=form.cleaned_data["signer"],
                        granted_ids=form.granted_ids(),
                        actor=request.user,
                    ),
                    lock=Dossier.objects.filter(pk=dossier.pk),
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if saved is not None:
                    messages.success(request, _("The decision was recorded; the granted awards are in the counts."))
                    return redirect(dossier)
    else:
        form = DecisionForm(
            initial={"granted": [str(i.pk) for i in items if i.council_agreed], "signer": dossier.decision_signer},
            items=items,
        )
        form.set_version(snapshot())
    return render(request, "proposals/decide.html", {"dossier": dossier, "bloc": dossier.bloc, "form": form})


@login_required
@require_GET
def history(request, pk):
    dossier = _dossier(request, pk)
    return render(
        request,
        "proposals/history.html",
        {
            "dossier": dossier,
            "bloc": dossier.bloc,
            "entries": selectors.dossier_history(request.user, dossier),
            "sees_all": selectors.sees_all_items(request.user, dossier),
        },
    )


# --- The province board ---------------------------------------------------------------------


def _province(request, pk):
    province = selectors.province_for_user(request.user, pk)
    if not bloc_selectors.can_manage_province(request.user, province.pk):
        raise PermissionDenied
    return province


@login_required
@require_GET
def board(request, pk, year):
    province = _province(request, pk)
    state = request.GET.get("state", "")
    if state not in (*Dossier.State.values, "none"):
        state = ""
    bloc_id = request.GET.get("bloc", "")
    result = selectors.board(
        province,
        year,
        state=state,
        bloc_id=int(bloc_id) if bloc_id.isdigit() else None,
        late=request.GET.get("late") == "1",
        missing=request.GET.get("missing") == "1",
    )
    return render(
        request,
        "proposals/board.html",
        {
            "province": province,
            "year": year,
            "board": result,
            "blocs": result.blocs,
            "states": Dossier.State.choices,
            "filters": {
                "state": state,
                "bloc": bloc_id,
                "late": request.GET.get("late"),
                "missing": request.GET.get("missing"),
            },
        },
    )


@login_required
@require_GET
def board_xlsx(request, pk, year):
    province = _province(request, pk)
    title, rows = documents.proposals_list_content(province.name, year, selectors.proposal_rows(province, year))
    content = documents.rows_xlsx(title, documents.PROPOSAL_COLUMNS, rows)
    return _download(content, XLSX, f"danh-sach-de-nghi-{vn_slug(province.name)}-{year}.xlsx")


@login_required
@require_GET
def draft_decision(request, pk, year):
    province = _province(request, pk)
    paper = documents.draft_decision_content(province.name, year, selectors.agreed_items(province, year))
    return _download(documents.paper_docx(paper), DOCX, f"du-thao-quyet-dinh-{vn_slug(province.name)}-{year}.docx")
