"""History rows copied by the database (`blocs/historyrows.py`, used by the award records)
equal the ones django-simple-history builds, and name the request's user when the service
names none."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from simple_history.models import HistoricalRecords

from awards.models import AwardRecord
from blocs import historyrows
from tests.awards.factories import row, save

pytestmark = pytest.mark.django_db

COMPARED = [
    f.name for f in AwardRecord.history.model._meta.concrete_fields if f.name not in {"history_id", "history_date"}
]


def _rows(queryset):
    return sorted(tuple(getattr(h, f) for f in COMPARED) for h in queryset)


def test_copied_rows_equal_simple_history_rows(world):
    agency, period, ha = world["agencies"][2], world["period"], world["ha"]
    submission = save(agency, period, [row(collectives=3), row("cstd-co-so", individuals=2)], actor=ha)
    copied = AwardRecord.history.filter(submission_id=submission.pk, history_type="+")
    assert copied.count() == 2
    expected = _rows(copied)
    copied.delete()
    records = list(AwardRecord.objects.filter(submission=submission))
    AwardRecord.history.bulk_history_create(records, default_user=ha)  # django-simple-history's own
    assert _rows(AwardRecord.history.filter(submission_id=submission.pk, history_type="+")) == expected


def test_changed_rows_are_copied_as_changes_with_their_new_values(world):
    agency, period, ha = world["agencies"][2], world["period"], world["ha"]
    save(agency, period, [row(collectives=3)], actor=ha)
    submission = save(agency, period, [row(collectives=4)], actor=ha)
    changed = AwardRecord.history.get(submission_id=submission.pk, history_type="~")
    assert (changed.collectives, changed.history_user, changed.history_change_reason) == (4, ha, "")


def test_without_an_actor_the_request_user_is_named_as_django_simple_history_does(rf, world):
    """A service called without an actor: the user of the request being served
    (HistoryRequestMiddleware), none outside a request."""
    agency, period, officer = world["agencies"][2], world["period"], world["officer"]
    save(agency, period, [row(collectives=1)], actor=None)
    assert {h.history_user for h in AwardRecord.history.filter(agency_id=agency.pk)} == {None}
    request = rf.post("/")
    request.user = officer
    HistoricalRecords.context.request = request
    try:
        save(agency, period, [row(collectives=2)], actor=None)
    finally:
        del HistoricalRecords.context.request
    changed = AwardRecord.history.get(agency_id=agency.pk, history_type="~")
    assert changed.history_user == officer


def test_a_history_model_with_a_column_of_its_own_is_refused():
    def meta(*names):
        return SimpleNamespace(concrete_fields=[SimpleNamespace(name=n, column=n) for n in names])

    history_model = SimpleNamespace(
        __name__="HistoricalThing", _meta=meta("id", "name", "extra", *historyrows.HISTORY_FIELDS)
    )
    model = SimpleNamespace(__name__="Thing", _meta=meta("id", "name"), history=SimpleNamespace(model=history_model))
    with pytest.raises(ImproperlyConfigured, match="extra"):
        historyrows._columns(model)
    history_model._meta = meta("id", "name", "history_id", "history_date")
    with pytest.raises(ImproperlyConfigured, match="history_type"):
        historyrows._columns(model)
