import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs import selectors, services
from blocs.concurrency import save_if_fresh
from blocs.forms import BlocFilterForm, BlocForm, RegulationForm, RosterForm, apply_service_error
from blocs.history import history_entries
from blocs.models import Bloc, BlocRegulation, Membership
from blocs.years import parse_year, year_or_404


def _posted(request):
    """The POST data of a POST request, even an empty one (an empty POST must still be validated)."""
    return request.POST if request.method == "POST" else None


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def bloc_list(request):
    form = BlocFilterForm(request.GET or None)
    year = kind = None
    if form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    blocs = list(selectors.bloc_list(request.user, year=year, kind=kind))
    provinces = selectors.provinces_for_user(request.user)
    can_add = request.user.is_admin_role or request.user.is_home_affairs
    return render(
        request,
        "blocs/bloc_list.html",
        {"blocs": blocs, "filter_form": form, "year": year, "can_add": can_add, "provinces": provinces},
    )


@login_required
def bloc_detail(request, pk):
    bloc = selectors.bloc_for_user(request.user, pk)
    years = selectors.roster_years(bloc)
    if "year" in request.GET:
        year = year_or_404(request.GET["year"])
    else:
        this_year = timezone.localdate().year
        past = [y for y in years if y <= this_year]
        year = (past or years or [this_year])[-1]
    members = selectors.roster(bloc, year)
    can_manage = request.user.has_perm("blocs.manage_bloc", bloc)
    menu_years = selectors.bloc_years(bloc)
    return render(
        request,
        "blocs/bloc_detail.html",
        {
            "bloc": bloc,
            "year": year,
            "years": years,
            "menu_years": menu_years,
            "members": members,
            "history": selectors.leadership_history(bloc),
            "regulation": bloc.regulations.filter(year=year).first(),
            "can_manage": can_manage,
            "next_year_exists": (year + 1) in years,
            "Role": Membership.Role,
        },
    )


@login_required
def bloc_create(request, province_pk):
    province = selectors.provinces_for_user(request.user).filter(pk=province_pk).first()
    if province is None:
        raise Http404
    _require(request.user, "blocs.add_bloc_in_province", province)
    return _bloc_form(request, Bloc(province=province), created=True)


@login_required
def bloc_edit(request, pk):
    bloc = selectors.bloc_for_user(request.user, pk)
    _require(request.user, "blocs.manage_bloc", bloc)
    return _bloc_form(request, bloc, created=False)


def _bloc_form(request, bloc: Bloc, *, created: bool):
    form = BlocForm(_posted(request), instance=bloc)
    if not created and request.method != "POST":
        form.set_version(selectors.bloc_snapshot(bloc))
    if request.method == "POST" and form.is_valid():
        try:
            if created:
                saved = services.save_bloc(bloc=form.instance)
            else:
                saved = save_if_fresh(
                    form,
                    lambda: selectors.bloc_snapshot(Bloc.objects.get(pk=bloc.pk)),
                    lambda: services.save_bloc(bloc=form.instance),
                    lock=Bloc.objects.filter(pk=bloc.pk),
                )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The bloc was created.") if created else _("The bloc was saved."))
                return redirect("blocs:detail", pk=saved.pk)
    return render(request, "blocs/bloc_form.html", {"form": form, "bloc": bloc, "created": created})


@login_required
def roster_edit(request, pk, year):
    bloc = selectors.bloc_for_user(request.user, pk)
    _require(request.user, "blocs.manage_bloc", bloc)
    chosen = parse_year(request.GET.get("year"))
    if request.method != "POST" and chosen is not None and chosen != year:  # the year menu
        return redirect("blocs:roster_edit", pk=bloc.pk, year=chosen)
    current = selectors.roster(bloc, year)
    initial = {
        "agencies": [m.agency_id for m in current],
        "leader": next((m.agency_id for m in current if m.role == Membership.Role.LEADER), None),
    }
    for m in current:
        if m.role == Membership.Role.DEPUTY:
            initial[f"deputy_{m.deputy_slot}"] = m.agency_id
    form = RosterForm(_posted(request), bloc=bloc, year=year, initial=initial)
    if request.method != "POST":
        form.set_version(selectors.roster_snapshot(current))
    if request.method == "POST" and form.is_valid():
        try:
            save_if_fresh(
                form,
                lambda: selectors.roster_snapshot(selectors.roster(bloc, year)),
                lambda: services.set_roster(
                    bloc=bloc,
                    year=year,
                    agencies=form.cleaned_data["agencies"],
                    leader=form.cleaned_data["leader"],
                    deputies=form.deputies(),
                    **form.source_kwargs(),
                ),
                lock=Bloc.objects.filter(pk=bloc.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc, {"deputies": "deputy_1"})
        else:
            if not form.is_stale:
                messages.success(request, _("The roster of %(year)s was saved.") % {"year": year})
                return redirect(f"{bloc.get_absolute_url()}?year={year}")
    menu_years = sorted(set(selectors.bloc_years(bloc)) | {year})
    return render(
        request,
        "blocs/roster_form.html",
        {"form": form, "bloc": bloc, "year": year, "mode": "edit", "menu_years": menu_years},
    )


@login_required
def prepare_next_year(request, pk, year):
    """Copy a year's roster to the next year with a proposed leader and deputy, to be confirmed."""
    bloc = selectors.bloc_for_user(request.user, pk)
    _require(request.user, "blocs.manage_bloc", bloc)
    try:
        proposal = services.propose_next_year(bloc=bloc, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{bloc.get_absolute_url()}?year={year}")
    initial = {"agencies": [a.id for a in proposal.agencies], "leader": proposal.leader.id if proposal.leader else None}
    for i, d in enumerate(proposal.deputies, start=1):
        initial[f"deputy_{i}"] = d.id
    form = RosterForm(_posted(request), bloc=bloc, year=proposal.year, initial=initial, with_source=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.prepare_next_year(
                bloc=bloc,
                year=year,
                agencies=form.cleaned_data["agencies"],
                leader=form.cleaned_data["leader"],
                deputies=form.deputies(),
            )
        except ValidationError as exc:
            apply_service_error(form, exc, {"deputies": "deputy_1"})
        else:
            messages.success(request, _("The roster of %(year)s was created.") % {"year": proposal.year})
            return redirect(f"{bloc.get_absolute_url()}?year={proposal.year}")
    return render(
        request,
        "blocs/roster_form.html",
        {"form": form, "bloc": bloc, "year": proposal.year, "mode": "prepare", "proposal": proposal},
    )


@login_required
def agency_detail(request, pk):
    agency = selectors.agency_for_user(request.user, pk)
    return render(
        request,
        "blocs/agency_detail.html",
        {
            "agency": agency,
            "memberships": selectors.agency_memberships(agency),
            "can_manage": selectors.can_manage_province(request.user, agency.province_id),
        },
    )


@login_required
def regulation_edit(request, pk, year):
    bloc = selectors.bloc_for_user(request.user, pk)
    _require(request.user, "blocs.manage_bloc", bloc)
    instance = bloc.regulations.filter(year=year).first() or BlocRegulation(bloc=bloc, year=year)
    form = RegulationForm(_posted(request), request.FILES if request.method == "POST" else None, instance=instance)
    if request.method != "POST":
        form.set_version(selectors.regulation_snapshot(instance))
    if request.method == "POST" and form.is_valid():
        try:
            save_if_fresh(
                form,
                lambda: selectors.regulation_snapshot(bloc.regulations.filter(year=year).first()),
                lambda: services.save_regulation(regulation=form.instance),
                lock=Bloc.objects.filter(pk=bloc.pk),
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The regulation of %(year)s was saved.") % {"year": year})
                return redirect(f"{bloc.get_absolute_url()}?year={year}")
    return render(request, "blocs/regulation_form.html", {"form": form, "bloc": bloc, "year": year})


@login_required
def regulation_file(request, pk, year):
    """Serve a regulation file to users who may see the bloc; files are not under the web root."""
    bloc = selectors.bloc_for_user(request.user, pk)
    regulation = bloc.regulations.filter(year=year).first()
    if regulation is None or not regulation.file:
        raise Http404
    return FileResponse(
        regulation.file.open("rb"), as_attachment=True, filename=regulation.file.name.rsplit("/", 1)[-1]
    )


@login_required
def roster_history(request, pk, year):
    """Who changed the roster of a year, when, and what. Officers see their own agency's rows only."""
    bloc = selectors.bloc_for_user(request.user, pk)
    records = Membership.history.filter(bloc_id=bloc.pk, year=year).select_related("history_user")
    if not (request.user.is_admin_role or request.user.has_perm("blocs.manage_bloc", bloc)):
        records = records.filter(agency_id=request.user.agency_id)
    entries = history_entries(records, label_field="agency")
    return render(request, "blocs/roster_history.html", {"bloc": bloc, "year": year, "entries": entries})


# --- Accounts -------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, slowed down for everyone while many logins fail across accounts.

    django-axes locks a (username, address) pair after AXES_FAILURE_LIMIT failures; a spray of
    a few guesses over many usernames never reaches that limit, so once more than
    LOGIN_SLOWDOWN_THRESHOLD failures were logged within LOGIN_SLOWDOWN_WINDOW every login
    attempt waits LOGIN_SLOWDOWN_DELAY seconds before its password is checked.
    """

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if settings.LOGIN_SLOWDOWN_DELAY and selectors.recent_login_failures() > settings.LOGIN_SLOWDOWN_THRESHOLD:
            time.sleep(settings.LOGIN_SLOWDOWN_DELAY)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; the user's other sessions end (the session hash follows the
    password) and a forced change is cleared."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_by_owner(user=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_success_url(self):
        next_url = self.request.GET.get("next") or self.request.POST.get("next")
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={self.request.get_host()}):
            return next_url
        return super().get_success_url()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_by_owner(user=form.user)
        return response


@login_required
def lockouts(request):
    """Accounts locked by failed logins, for Home Affairs (their province) and admins to unlock."""
    if not (request.user.is_admin_role or request.user.is_home_affairs):
        raise PermissionDenied
    if request.method == "POST":
        username = request.POST.get("username", "")
        if not selectors.users_managed_by(request.user).filter(username=username).exists():
            raise Http404
        services.unlock_account(username=username)
        messages.success(request, _("The account %(username)s is unlocked.") % {"username": username})
        return redirect("lockouts")
    return render(request, "registration/lockouts.html", {"accounts": selectors.locked_accounts(request.user)})


_BAD_REQUEST_MESSAGES = {
    RequestDataTooBig: gettext_lazy(
        "The data sent is larger than the server accepts. Send a smaller file or fewer rows."
    ),
    TooManyFieldsSent: gettext_lazy(
        "The form sent has more fields than the server accepts. Save in several smaller parts."
    ),
    TooManyFilesSent: gettext_lazy("Too many files were sent at once."),
}


def bad_request(request, exception=None):
    """The 400 page, in the user's language, saying what was refused when we know it."""
    message = next((m for cls, m in _BAD_REQUEST_MESSAGES.items() if isinstance(exception, cls)), None)
    return render(request, "400.html", {"message": message}, status=400)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return redirect(static("img/icon-32.png"), permanent=True)
