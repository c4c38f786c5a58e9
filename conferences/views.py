"""Conference pages. Thin: fetch through the scoped selectors (404 out of scope), check the
permission (403), bind the forms, call one service, turn its errors into form errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blocs import selectors as bloc_selectors
from blocs.concurrency import save_if_fresh
from blocs.forms import apply_service_error
from blocs.models import Movement
from blocs.years import parse_year
from conferences import selectors, services
from conferences.exports import MinutesExporter
from conferences.forms import (
    AgendaFormSet,
    AttachmentForm,
    AttendanceFormSet,
    CandidateFormSet,
    ConferenceForm,
    DocumentFormSet,
    ElectionForm,
    GuestFormSet,
    LegalBasisFormSet,
    MovementFormSet,
    TaskFormSet,
    VoteForm,
    member_agencies,
    province_agencies,
)
from conferences.models import Attachment, Conference, Vote

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_manage(user, conference: Conference) -> None:
    if not user.has_perm("conferences.manage_conference", conference):
        raise PermissionDenied


def _managed_conference(request, pk, **kwargs) -> Conference:
    conference = selectors.conference_for_user(request.user, pk, **kwargs)
    _require_manage(request.user, conference)
    return conference


def _list_url(conference: Conference) -> str:
    return reverse("conferences:list", args=[conference.bloc_id, conference.year])


# --- List, detail, print, docx --------------------------------------------------------------


@login_required
def conference_list(request, bloc_pk, year):
    bloc = selectors.bloc_year_for_user(request.user, bloc_pk, year)
    chosen = parse_year(request.GET.get("year"))
    if chosen is not None and chosen != year:  # the year menu
        return redirect("conferences:list", bloc_pk=bloc.pk, year=chosen)
    conferences = list(selectors.conference_list(bloc, year))
    can_manage = request.user.has_perm("conferences.manage_conference", Conference(bloc=bloc, year=year))
    # The menu offers the bloc's years (`blocs.selectors.bloc_years`) the user may read (an
    # officer only the years its agency was a member), so that no link leads to a 404.
    menu_years = sorted(selectors.readable_years(request.user, bloc, bloc_selectors.bloc_years(bloc)) | {year})
    neighbours = set(menu_years)
    return render(
        request,
        "conferences/conference_list.html",
        {
            "bloc": bloc,
            "year": year,
            "conferences": conferences,
            "can_manage": can_manage,
            "Kind": Conference.Kind,
            "menu_years": menu_years,
            "previous_year": year - 1 if year - 1 in neighbours else None,
            "next_year": year + 1 if year + 1 in neighbours else None,
        },
    )


@login_required
def conference_detail(request, pk):
    conference = selectors.conference_for_user(request.user, pk, queryset=selectors.conference_detail_queryset())
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "bloc": conference.bloc,
            "election": selectors.election_of(conference),
            "can_manage": request.user.has_perm("conferences.manage_conference", conference),
        },
    )


@login_required
@require_GET
def conference_history(request, pk):
    """Who changed the conference record, when and what. Read-only; the conference's readers
    (members of the bloc that year see the rows concerning their own agency)."""
    conference = selectors.conference_for_user(request.user, pk)
    return render(
        request,
        "conferences/conference_history.html",
        {
            "conference": conference,
            "bloc": conference.bloc,
            "entries": selectors.conference_history(request.user, conference),
            "sees_all": request.user.has_perm("conferences.manage_conference", conference),
        },
    )


def _minutes(request, pk):
    conference = selectors.conference_for_user(request.user, pk, queryset=selectors.conference_detail_queryset())
    return selectors.minutes(conference, selectors.election_of(conference))


@login_required
def conference_print(request, pk):
    doc = MinutesExporter(_minutes(request, pk))
    return render(request, "conferences/conference_print.html", {"doc": doc, "m": doc.minutes})


@login_required
def conference_docx(request, pk):
    doc = MinutesExporter(_minutes(request, pk))
    response = HttpResponse(doc.docx(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename("docx")}"'
    return response


# --- Create / edit the minutes --------------------------------------------------------------


def _attendance_initial(conference: Conference) -> list[dict]:
    """Existing attendance rows, then the members of the year not listed yet (attendance not
    recorded: the minutes claim nothing the source does not state)."""
    rows = []
    listed = set()
    if conference.pk:
        for a in conference.attendance.select_related("agency"):
            rows.append(
                {
                    "agency": a.agency,
                    "attended": a.attended,
                    "representative_name": a.representative_name,
                    "representative_title": a.representative_title,
                }
            )
            listed.add(a.agency_id)
    for m in bloc_selectors.roster(conference.bloc, conference.year):
        if m.agency_id not in listed:
            rows.append({"agency": m.agency, "attended": None})
    return rows


def _formsets(request, conference: Conference):
    data = request.POST if request.method == "POST" else None
    bloc = conference.bloc
    agencies = province_agencies(bloc)
    movements = Movement.objects.filter(province_id=bloc.province_id).order_by("name")
    existing = conference.pk is not None

    def initial(related, fields):
        if not existing:
            return []
        return list(getattr(conference, related).values(*fields))

    return {
        "attendance": AttendanceFormSet(
            data, prefix="att", initial=_attendance_initial(conference), form_kwargs={"agencies": agencies}
        ),
        "guests": GuestFormSet(data, prefix="guest", initial=initial("guests", ["name", "title", "organisation"])),
        "agenda": AgendaFormSet(data, prefix="agenda", initial=initial("agenda_items", ["text"])),
        "documents": DocumentFormSet(
            data,
            prefix="doc",
            initial=[{"text": t["title"]} for t in initial("adopted_documents", ["title"])],
        ),
        "tasks": TaskFormSet(
            data,
            prefix="task",
            initial=initial("tasks", ["text", "responsible_agency"]),
            form_kwargs={"agencies": agencies},
        ),
        "movements": MovementFormSet(
            data,
            prefix="mov",
            initial=initial("agreed_movements", ["text", "movement"]),
            form_kwargs={"movements": movements},
        ),
        "legal_bases": LegalBasisFormSet(
            data, prefix="basis", initial=initial("legal_bases", ["number", "date", "issuer", "title"])
        ),
    }


def _rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


def _minutes_form(request, conference: Conference, *, created: bool):
    form = ConferenceForm(request.POST if request.method == "POST" else None, instance=conference, bloc=conference.bloc)
    formsets = _formsets(request, conference)
    if not created and request.method != "POST":
        form.set_version(selectors.minutes_snapshot_now(conference.pk))
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):

        def save():
            return services.save_minutes(
                conference=form.instance,
                attendance=_rows(formsets["attendance"]),
                guests=_rows(formsets["guests"]),
                agenda=[r.get("text") for r in _rows(formsets["agenda"])],
                documents=[r.get("text") for r in _rows(formsets["documents"])],
                tasks=_rows(formsets["tasks"]),
                movements=_rows(formsets["movements"]),
                legal_bases=_rows(formsets["legal_bases"]),
                user=request.user,
            )

        try:
            if created:
                saved = save()
            else:
                saved = save_if_fresh(
                    form,
                    lambda: selectors.minutes_snapshot_now(conference.pk),
                    save,
                    lock=Conference.objects.filter(pk=conference.pk),
                )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The minutes were saved."))
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "conferences/conference_form.html",
        {"form": form, "formsets": formsets, "conference": conference, "bloc": conference.bloc, "created": created},
    )


@login_required
def conference_create(request, bloc_pk, year):
    bloc = selectors.bloc_year_for_user(request.user, bloc_pk, year)
    kind = request.GET.get("kind")
    conference = Conference(bloc=bloc, year=year, kind=kind if kind in Conference.Kind.values else "")
    _require_manage(request.user, conference)
    return _minutes_form(request, conference, created=True)


@login_required
def conference_edit(request, pk):
    conference = _managed_conference(request, pk)
    return _minutes_form(request, conference, created=False)


@login_required
@require_POST
def conference_delete(request, pk):
    conference = _managed_conference(request, pk)
    url = _list_url(conference)
    try:
        services.delete_conference(conference=conference)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(conference.get_absolute_url())
    messages.success(request, _("The conference was deleted."))
    return redirect(url)


# --- Votes ----------------------------------------------------------------------------------


def _vote_initial(vote: Vote | None):
    if vote is None:
        return None, []
    fields = {
        name: getattr(vote, name)
        for name in (
            "kind",
            "authority",
            "award_label",
            "proposed_to",
            "ballots_issued",
            "ballots_returned",
            "ballots_valid",
            "ballots_invalid",
            "note",
        )
    }
    fields["award_form"] = vote.award_form_id
    candidates = [
        {"agency": c.agency_id, "votes": c.votes, "won": c.won}
        for c in sorted(vote.candidates.all(), key=lambda c: (c.position, c.id))
    ]
    return fields, candidates


def _vote_form(request, conference: Conference, vote: Vote | None):
    initial, candidates_initial = _vote_initial(vote)
    data = request.POST if request.method == "POST" else None
    form = VoteForm(data, initial=initial)
    candidates = CandidateFormSet(
        data,
        prefix="cand",
        initial=candidates_initial,
        form_kwargs={"agencies": member_agencies(conference.bloc, conference.year)},
    )
    if vote is not None and request.method != "POST":
        form.set_version(selectors.vote_snapshot(vote))
    if request.method == "POST" and form.is_valid() and candidates.is_valid():

        def save():
            return services.save_vote(
                conference=conference, vote=vote, **form.cleaned_data, candidates=_rows(candidates)
            )

        try:
            if vote is None:
                save()
            else:
                save_if_fresh(
                    form, lambda: selectors.vote_snapshot_now(vote.pk), save, lock=Vote.objects.filter(pk=vote.pk)
                )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The vote was saved."))
                return redirect(f"{conference.get_absolute_url()}#votes")
    return render(
        request,
        "conferences/vote_form.html",
        {"form": form, "candidates": candidates, "conference": conference, "bloc": conference.bloc, "vote": vote},
    )


@login_required
def vote_create(request, pk):
    conference = _managed_conference(request, pk)
    return _vote_form(request, conference, None)


@login_required
def vote_edit(request, pk, vote_pk):
    conference = _managed_conference(request, pk)
    vote = get_object_or_404(selectors.vote_queryset(), pk=vote_pk, conference=conference)
    return _vote_form(request, conference, vote)


@login_required
@require_POST
def vote_delete(request, pk, vote_pk):
    conference = _managed_conference(request, pk)
    vote = get_object_or_404(Vote, pk=vote_pk, conference=conference)
    services.delete_vote(vote=vote)
    messages.success(request, _("The vote was deleted."))
    return redirect(f"{conference.get_absolute_url()}#votes")


# --- Election -------------------------------------------------------------------------------


@login_required
def election_edit(request, pk):
    conference = _managed_conference(request, pk)
    if conference.kind != Conference.Kind.ANNUAL:
        raise Http404
    election = selectors.election_of(conference)
    initial = None
    if election is not None:
        initial = {
            "method": election.method,
            "leader": election.leader_id,
            "decision_number": election.decision_number,
            "decision_date": election.decision_date,
        }
        for i, d in enumerate(election.deputies, start=1):
            initial[f"deputy_{i}"] = d.id
    form = ElectionForm(
        request.POST if request.method == "POST" else None, bloc=conference.bloc, year=conference.year, initial=initial
    )
    if request.method != "POST":
        form.set_version(selectors.election_snapshot(election))
    if request.method == "POST" and form.is_valid():
        try:
            save_if_fresh(
                form,
                lambda: selectors.election_snapshot(selectors.election_of(conference)),
                lambda: services.record_election(
                    conference=conference,
                    leader=form.cleaned_data["leader"],
                    deputies=form.deputies(),
                    method=form.cleaned_data["method"],
                    decision_number=form.cleaned_data["decision_number"],
                    decision_date=form.cleaned_data["decision_date"],
                ),
                lock=Conference.objects.filter(pk=conference.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc, {"deputies": "deputy_1"})
        else:
            if not form.is_stale:
                messages.success(
                    request,
                    _("The leadership of %(year)s was recorded in the bloc's roster.") % {"year": conference.year + 1},
                )
                return redirect(f"{conference.get_absolute_url()}#election")
    return render(
        request,
        "conferences/election_form.html",
        {"form": form, "conference": conference, "bloc": conference.bloc, "next_year": conference.year + 1},
    )


# --- Attachments ----------------------------------------------------------------------------


@login_required
def attachment_add(request, pk):
    conference = _managed_conference(request, pk)
    form = AttachmentForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(
                conference=conference,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(f"{conference.get_absolute_url()}#attachments")
    return render(
        request,
        "conferences/attachment_form.html",
        {"form": form, "conference": conference, "bloc": conference.bloc},
    )


def _attachment_for_user(request, pk, attachment_pk) -> Attachment:
    conference = selectors.conference_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, conference=conference)
    attachment.conference = conference
    return attachment


@login_required
def attachment_download(request, pk, attachment_pk):
    attachment = _attachment_for_user(request, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    attachment = _attachment_for_user(request, pk, attachment_pk)
    _require_manage(request.user, attachment.conference)
    services.delete_attachment(attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(f"{attachment.conference.get_absolute_url()}#attachments")
