"""Home Affairs sets up its province without the Django admin: agencies and officer accounts.

Thin views: scope and permission through `blocs.selectors` (another province is a 404, an
officer a 403), a form, one service call. The admin sees every province; wherever more than one
province is on the page, agencies are labelled with their province.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs import selectors, services
from blocs.concurrency import save_if_fresh
from blocs.forms import (
    AgencyEndForm,
    AgencyFilterForm,
    AgencyForm,
    AgencyRenameForm,
    OfficerAccountForm,
    apply_service_error,
)
from blocs.models import Agency, User


def _posted(request):
    return request.POST if request.method == "POST" else None


def _require_setup_role(user):
    if not (user.is_admin_role or user.is_home_affairs):
        raise PermissionDenied


# --- Agencies -------------------------------------------------------------------------------


@login_required
def agency_list(request):
    """Every user reads the agencies of their province; Home Affairs and admins also manage them.
    The first visit shows the user's own province (the admin's first); "all provinces" labels
    each agency with its province."""
    provinces = list(selectors.provinces_for_user(request.user).order_by("sort_name"))
    province_id = request.user.home_province_id or (provinces[0].pk if provinces else None)
    form = AgencyFilterForm(request.GET or None, provinces=provinces, initial={"province": province_id})
    filters = {"search": "", "kind": "", "validity": selectors.VALIDITY_ALL}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if "province" in request.GET:
            province_id = data["province"]
        filters = {"search": data["q"], "kind": data["kind"], "validity": data["validity"] or selectors.VALIDITY_ALL}
    province_ids = {province_id} if province_id is not None else None
    agencies = selectors.agency_directory(request.user, province_ids=province_ids, **filters)
    can_manage = request.user.is_admin_role or request.user.is_home_affairs
    return render(
        request,
        "blocs/agency_list.html",
        {
            "agencies": agencies,
            "filter_form": form,
            "province": next((p for p in provinces if p.pk == province_id), None),
            "manageable": provinces if can_manage else [],  # Home Affairs and admins manage what they see
            "show_province": province_id is None and len(provinces) > 1,
            "can_manage": can_manage,
        },
    )


@login_required
def agency_create(request, province_pk):
    province = selectors.managed_province_for_user(request.user, province_pk)
    form = AgencyForm(_posted(request), instance=Agency(province=province))
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.save_agency(agency=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The agency %(name)s was created.") % {"name": agency.name})
            return redirect(f"{reverse('blocs:agencies')}?province={province.pk}")
    return render(request, "blocs/agency_form.html", {"form": form, "province": province, "mode": "create"})


@login_required
def agency_edit(request, pk):
    agency = selectors.managed_agency_for_user(request.user, pk)
    form = AgencyForm(_posted(request), instance=agency)
    if request.method != "POST":
        form.set_version(selectors.agency_snapshot(agency))
    elif form.is_valid():
        try:
            _save_agency_if_fresh(form, agency, lambda: services.save_agency(agency=form.instance))
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            if not form.is_stale:
                messages.success(request, _("The agency was saved."))
                return redirect(agency.get_absolute_url())
    return render(
        request, "blocs/agency_form.html", {"form": form, "agency": agency, "province": agency.province, "mode": "edit"}
    )


@login_required
def agency_rename(request, pk):
    agency = selectors.managed_agency_for_user(request.user, pk)
    old_name = agency.name
    form = AgencyRenameForm(_posted(request))
    if request.method != "POST":
        form.set_version(selectors.agency_snapshot(agency))
    elif form.is_valid():
        try:
            _save_agency_if_fresh(
                form,
                agency,
                lambda: services.rename_agency(
                    agency=agency, name=form.cleaned_data["name"], renamed_on=form.cleaned_data["renamed_on"]
                ),
            )
        except ValidationError as exc:
            agency.name = old_name
            apply_service_error(form, exc)
        if not form.errors:
            messages.success(
                request,
                _("%(old)s is now called %(new)s; the years before %(year)s keep the old name.")
                % {"old": old_name, "new": agency.name, "year": form.cleaned_data["renamed_on"].year},
            )
            return redirect(agency.get_absolute_url())
    return render(
        request,
        "blocs/agency_form.html",
        {"form": form, "agency": agency, "province": agency.province, "mode": "rename"},
    )


@login_required
def agency_end(request, pk):
    agency = selectors.managed_agency_for_user(request.user, pk)
    form = AgencyEndForm(_posted(request), agency=agency)
    if request.method != "POST":
        form.set_version(selectors.agency_snapshot(agency))
    elif form.is_valid():
        try:
            _save_agency_if_fresh(
                form,
                agency,
                lambda: services.end_agency(
                    agency=agency, valid_to=form.cleaned_data["valid_to"], successor=form.cleaned_data["successor"]
                ),
            )
        except ValidationError as exc:
            agency.refresh_from_db()
            apply_service_error(form, exc)
        if not form.errors:
            messages.success(request, _("The end of %(name)s was recorded.") % {"name": agency.name})
            return redirect(agency.get_absolute_url())
    return render(
        request, "blocs/agency_form.html", {"form": form, "agency": agency, "province": agency.province, "mode": "end"}
    )


@login_required
@require_POST
def agency_reactivate(request, pk):
    agency = selectors.managed_agency_for_user(request.user, pk)
    services.reactivate_agency(agency=agency)
    messages.success(request, _("%(name)s exists again.") % {"name": agency.name})
    return redirect(agency.get_absolute_url())


def _save_agency_if_fresh(form, agency, action):
    """Run an agency edit if nobody changed the agency since the page was read
    (`blocs.concurrency`, the agency row locked)."""
    return save_if_fresh(
        form,
        lambda: selectors.agency_snapshot(Agency.objects.select_related("successor").get(pk=agency.pk)),
        action,
        lock=Agency.objects.filter(pk=agency.pk),
    )


# --- Officer accounts -----------------------------------------------------------------------


@login_required
def account_list(request):
    """The accounts of the user's province: officers by agency, and Home Affairs staff."""
    _require_setup_role(request.user)
    provinces = selectors.manageable_provinces(request.user)
    return render(
        request,
        "blocs/account_list.html",
        {
            "accounts": selectors.officer_accounts(request.user),
            "show_province": len(provinces) > 1,
        },
    )


@login_required
def account_create(request):
    """An officer account for an agency of the user's province, with a one-time password shown once."""
    _require_setup_role(request.user)
    provinces = selectors.manageable_provinces(request.user)
    agencies = (
        Agency.objects.filter(province__in=provinces, valid_to__isnull=True)
        .select_related("province")
        .order_by("province__sort_name", "sort_name")
    )
    initial = {}
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        agency = agencies.filter(pk=int(chosen)).first()
        if agency is not None:
            initial = {"agency": agency.pk, "username": services.suggest_username(agency)}
    form = OfficerAccountForm(_posted(request), agencies=agencies, show_province=len(provinces) > 1, initial=initial)
    suggestions = {str(a.pk): services.suggest_username(a) for a in agencies}
    form.fields["agency"].widget.attrs["data-username-suggestions"] = json.dumps(suggestions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.create_officer_account(
                agency=data["agency"],
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
                email=data["email"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return render(
                request,
                "blocs/account_password.html",
                {"account": account.user, "password": account.password, "created": True},
            )
    return render(request, "blocs/account_form.html", {"form": form})


def _managed_account(user, pk) -> User:
    _require_setup_role(user)
    account = get_object_or_404(selectors.users_managed_by(user).exclude(role=User.Role.ADMIN), pk=pk)
    if account.pk == user.pk:  # one's own account: the password change page, not this
        raise PermissionDenied
    return account


@login_required
@require_POST
def account_active(request, pk):
    account = _managed_account(request.user, pk)
    active = request.POST.get("active") == "1"
    services.set_account_active(user=account, active=active)
    if active:
        messages.success(request, _("The account %(username)s is active again.") % {"username": account.username})
    else:
        messages.success(request, _("The account %(username)s is deactivated.") % {"username": account.username})
    return redirect("blocs:accounts")


@login_required
@require_POST
def account_password(request, pk):
    """Reset a password: by e-mail (Django's reset link) when the account has an address and that
    is asked for, otherwise a one-time password shown once on the answer page."""
    account = _managed_account(request.user, pk)
    if request.POST.get("method") == "email" and account.email:
        form = PasswordResetForm({"email": account.email})
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="registration/password_reset_subject.txt",
                email_template_name="registration/password_reset_email.html",
            )
        messages.success(request, _("A password reset link was sent to %(email)s.") % {"email": account.email})
        return redirect("blocs:accounts")
    password = services.reset_to_one_time_password(user=account)
    return render(request, "blocs/account_password.html", {"account": account, "password": password, "created": False})
