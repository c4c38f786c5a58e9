import pytest
from django.urls import reverse

from awards.models import AwardForm, SubmissionEvent
from tests.awards.factories import row, save

pytestmark = pytest.mark.django_db

MODELS = [
    "awardform",
    "grantingauthority",
    "reportingperiod",
    "periodevent",
    "submission",
    "submissionevent",
    "awardrecord",
    "reminder",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_load(client, world, model):
    save(world["agencies"][2], world["period"], [row(collectives=1)], submit=True)
    client.force_login(world["admin"])
    assert client.get(reverse(f"admin:awards_{model}_changelist")).status_code == 200


def test_catalogue_searchable_and_editable(client, world):
    client.force_login(world["admin"])
    response = client.get(reverse("admin:awards_awardform_changelist"), {"q": "Giấy khen", "level__exact": "unit"})
    assert [f.code for f in response.context["cl"].result_list] == ["giay-khen"]
    form = AwardForm.objects.get(code="giay-khen")
    assert client.get(reverse("admin:awards_awardform_change", args=[form.pk])).status_code == 200


def test_history_is_read_only(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=1)])
    client.force_login(world["admin"])
    event = SubmissionEvent.objects.get()
    response = client.post(reverse("admin:awards_submissionevent_change", args=[event.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("admin:awards_submissionevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


def test_history_revert_refused(client, world):
    sub = save(world["agencies"][2], world["period"], [row(collectives=1)])
    save(world["agencies"][2], world["period"], [row(collectives=2)])
    client.force_login(world["admin"])
    first = sub.history.order_by("history_id").first()
    url = reverse("admin:awards_submission_simple_history", args=[sub.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"state": "draft"}).status_code == 403
    sub.refresh_from_db()
    assert sub.version == 2
