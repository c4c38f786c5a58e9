"""History cannot be edited or deleted from the admin: no historical model is registered, every
admin with a history page refuses a revert (even without SIMPLE_HISTORY_REVERT_DISABLED), and
every model users change keeps a history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from awards.models import AwardForm
from blocs import services as bloc_services
from blocs.admin import NoRevertHistoryAdmin
from blocs.models import Agency, Membership
from conferences.models import Vote
from scoring import services as scoring_services
from tests.conferences.factories import ConferenceFactory, flag_form
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user

pytestmark = pytest.mark.django_db

OUR_APPS = ("blocs", "awards", "conferences", "scoring")
# Logs written only by the services (their own history), the user accounts and the data
# changes (the report cache's version, which no user edits).
NOT_TRACKED = {
    "blocs.datachange",
    "awards.periodevent",
    "awards.submissionevent",
    "awards.reminder",
    "blocs.user",
}


def test_every_model_users_change_keeps_a_history():
    missing = [
        m._meta.label_lower
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
        and m._meta.label_lower not in NOT_TRACKED
        and not hasattr(m, "history")
    ]
    assert missing == []


def test_no_historical_model_is_registered_in_the_admin():
    registered = [m._meta.label for m in admin.site._registry if m.__name__.startswith("Historical")]
    assert registered == []


def test_every_history_admin_refuses_revert():
    history_admins = [type(a).__name__ for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert history_admins
    assert [
        n
        for n, a in admin.site._registry.items()
        if isinstance(a, SimpleHistoryAdmin) and not isinstance(a, NoRevertHistoryAdmin)
    ] == []


@pytest.fixture
def objects():
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "AB"]
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[0])
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[1])
    conference = ConferenceFactory(bloc=bloc, year=2022)
    vote = Vote.objects.create(conference=conference, kind=Vote.Kind.FLAG, award_form=flag_form(), note="trước")
    vote.note = "sau"
    vote.save()
    table = scoring_services.create_table(bloc=bloc, year=2022)
    table = scoring_services.update_table_settings(table=table, title="Bảng điểm sửa", method=table.method)
    agency = agencies[0]
    agency.short_name = "CQA"
    agency.save()
    form = AwardForm.objects.get(code="giay-khen")
    form.display_order += 1
    form.save()
    return {
        "blocs_membership": Membership.objects.get(agency=agencies[0], year=2022),
        "blocs_agency": agency,
        "conferences_vote": vote,
        "scoring_scoringtable": table,
        "awards_awardform": form,
    }


@pytest.mark.parametrize(
    "model", ["blocs_membership", "blocs_agency", "conferences_vote", "scoring_scoringtable", "awards_awardform"]
)
@pytest.mark.parametrize("setting", [True, False], ids=["setting", "no-setting"])
def test_admin_history_revert_is_refused_and_changes_nothing(client, settings, objects, model, setting):
    """Refused with SIMPLE_HISTORY_REVERT_DISABLED and, thanks to NoRevertHistoryAdmin, without it."""
    settings.SIMPLE_HISTORY_REVERT_DISABLED = setting
    obj = objects[model]
    first = obj.history.order_by("history_id").first()
    current = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    history_count = obj.history.count()
    client.force_login(admin_user())
    url = reverse(f"admin:{model}_simple_history", args=[obj.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200  # past versions can be read…
    assert page.context["revert_disabled"] is True  # …with no revert button
    data = {f.name: getattr(first, f.attname) or "" for f in obj._meta.concrete_fields if f.name != "id"}
    assert client.post(url, data).status_code == 403
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == current
    assert obj.history.count() == history_count


def test_history_list_in_the_admin_is_readable(client, objects):
    client.force_login(admin_user())
    agency = objects["blocs_agency"]
    response = client.get(reverse("admin:blocs_agency_history", args=[agency.pk]))
    assert response.status_code == 200
    assert Agency.history.filter(id=agency.pk).count() == 2
