"""History rows copied by the database (`blocs/historyrows.py`, used by the award records)
equal the ones django-simple-history builds, and name the request's user when the service
names none; rows inserted without model instances (`insert_with_history`) are stored as
`bulk_create` stores them."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from simple_history.models import HistoricalRecords

from awards.models import AwardRecord, Submission
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


def _stored(queryset):
    fields = [f.attname for f in AwardRecord._meta.concrete_fields if not f.primary_key]
    return sorted(queryset.values_list(*fields))


def test_inserted_rows_are_stored_as_bulk_create_stores_them(world):
    """Values as given (a date prepared by its field), an omitted field at its default, the
    new ids returned, one "+" history row each naming the user."""
    agency, period, ha = world["agencies"][2], world["period"], world["ha"]
    submission = save(agency, period, [], actor=ha)
    form = row().form
    common = {"submission_id": submission.pk, "agency_id": agency.pk, "period_id": period.pk, "form_id": form.pk}
    given = [
        {**common, "authority": "Thủ tướng Chính phủ", "collectives": 2, "decision_date": datetime.date(2022, 6, 3)},
        {**common, "authority": "Chủ tịch UBND tỉnh", "individuals": 5, "status": "proposed", "note": "Ghi chú"},
    ]
    ids = historyrows.insert_with_history(AwardRecord, given, user=ha)
    inserted = AwardRecord.objects.filter(pk__in=ids)
    assert len(ids) == 2 and inserted.count() == 2
    expected = _stored(inserted)
    history = AwardRecord.history.filter(id__in=ids)
    assert sorted(h.history_type for h in history) == ["+", "+"] and {h.history_user for h in history} == {ha}
    assert sorted((h.authority, h.decision_date) for h in history) == sorted(
        (r.authority, r.decision_date) for r in inserted
    )
    inserted.delete()
    AwardRecord.objects.bulk_create([AwardRecord(**r) for r in given])
    assert _stored(AwardRecord.objects.filter(submission=submission)) == expected
    assert expected[0][-1] is None  # source_item_id, left out, at its default


def test_new_rows_without_an_actor_name_the_request_user(rf, world):
    agency, period, officer = world["agencies"][2], world["period"], world["officer"]
    request = rf.post("/")
    request.user = officer
    HistoricalRecords.context.request = request
    try:
        save(agency, period, [row(collectives=2), row("cstd-co-so", individuals=1)], actor=None)
    finally:
        del HistoricalRecords.context.request
    created = AwardRecord.history.filter(agency_id=agency.pk, history_type="+")
    assert created.count() == 2 and {h.history_user for h in created} == {officer}


def test_insert_refuses_an_unknown_column_and_a_field_filled_by_save():
    with pytest.raises(ValueError, match="colour"):
        historyrows.insert_with_history(AwardRecord, [{"colour": "đỏ"}])
    with pytest.raises(ValueError, match="updated_at"):
        historyrows.insert_with_history(Submission, [{"state": "draft"}])
    assert historyrows.insert_with_history(AwardRecord, []) == []
