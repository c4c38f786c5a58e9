"""Attendance at a conference is present, absent or not recorded (the default): the minutes
name only what is recorded, and the form offers the three choices."""

import io

import pytest
from django.urls import reverse
from docx import Document

from conferences import documents, selectors, services
from conferences.forms import AttendanceForm
from conferences.models import Attendance, Conference
from tests.conferences.factories import ConferenceFactory, bloc_world
from tests.factories import home_affairs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    bloc, agencies = bloc_world()
    conference = ConferenceFactory(bloc=bloc, venue="Thanh tra tỉnh")
    return bloc, agencies, conference


def _docx_text(client, conference) -> str:
    response = client.get(reverse("conferences:docx", args=[conference.pk]))
    assert response.status_code == 200
    return documents.document_text(Document(io.BytesIO(response.content)))


def test_attendance_defaults_to_not_recorded(world):
    _bloc, a, conference = world
    services.save_minutes(conference=conference, attendance=[{"agency": a[0]}, {"agency": a[1], "attended": None}])
    assert list(conference.attendance.values_list("agency__name", "attended")) == [
        ("Cơ quan A", None),
        ("Cơ quan B", None),
    ]
    assert Attendance._meta.get_field("attended").default is None


def test_minutes_name_only_the_recorded_attendance(world):
    _bloc, a, conference = world
    services.save_minutes(
        conference=conference,
        attendance=[
            {"agency": a[0], "attended": True, "representative_name": "Ông A"},
            {"agency": a[1], "attended": False},
            {"agency": a[2], "attended": None},
        ],
    )
    minutes = selectors.minutes(Conference.objects.get(pk=conference.pk))
    assert minutes.present == [("Cơ quan A", "Ông A")]
    assert minutes.absent == ["Cơ quan B"]


def test_minutes_say_nothing_about_attendance_when_none_is_recorded(client, world):
    bloc, a, conference = world
    services.save_minutes(conference=conference, attendance=[{"agency": x, "attended": None} for x in a[:5]])
    client.force_login(home_affairs(bloc.province))
    text = _docx_text(client, conference)
    assert "Thành phần" not in text and "Vắng mặt" not in text
    assert all(f"Cơ quan {c}" not in text for c in "ABCDE")
    printed = client.get(reverse("conferences:print", args=[conference.pk])).content.decode()
    assert "Vắng mặt" not in printed and "Cơ quan B" not in printed


def test_new_conference_form_offers_not_recorded_by_default(client, world):
    bloc, _a, _conference = world
    client.force_login(home_affairs(bloc.province))
    response = client.get(reverse("conferences:create", args=[bloc.pk, 2022]))
    forms = response.context["formsets"]["attendance"].forms
    assert len(forms) == 5
    assert {f.initial["attended"] for f in forms} == {None}
    assert [value for value, _label in forms[0].fields["attended"].choices] == ["", "True", "False"]


def test_attendance_form_reads_the_three_states():
    _bloc, a = bloc_world()
    agencies = type(a[0]).objects.filter(pk__in=[x.pk for x in a])
    for posted, expected in (("True", True), ("False", False), ("", None)):
        form = AttendanceForm({"agency": a[0].pk, "attended": posted}, agencies=agencies)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["attended"] is expected
    assert not AttendanceForm({"agency": a[0].pk, "attended": "maybe"}, agencies=agencies).is_valid()


def test_conference_list_shows_a_dash_when_attendance_is_not_recorded(world):
    bloc, a, conference = world
    services.save_minutes(conference=conference, attendance=[{"agency": x, "attended": None} for x in a[:5]])
    row = selectors.conference_list(bloc, 2022).get(pk=conference.pk)
    assert (row.attended_count, row.recorded_count) == (0, 0)
