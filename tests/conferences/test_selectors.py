"""The reviews the home page lists as to hold or to record."""

import datetime

import pytest

from blocs.models import Bloc
from conferences import selectors
from conferences.models import Attendance, Conference
from tests.conferences.factories import ConferenceFactory, bloc_world

pytestmark = pytest.mark.django_db


def test_reviews_to_record_lists_missing_and_unrecorded_reviews_once_due():
    bloc, agencies = bloc_world()
    blocs = Bloc.objects.filter(pk=bloc.pk)
    # before 01/07 nothing is due yet
    assert selectors.reviews_to_record(blocs, 2022, today=datetime.date(2022, 6, 30)) == []
    [six_month] = selectors.reviews_to_record(blocs, 2022, today=datetime.date(2022, 7, 1))
    assert (six_month.kind, six_month.due, six_month.missing, six_month.unrecorded) == (
        Conference.Kind.SIX_MONTH,
        datetime.date(2022, 8, 15),
        [bloc],
        [],
    )
    held = ConferenceFactory(bloc=bloc, year=2022, kind=Conference.Kind.SIX_MONTH, period_kind="h1")
    later = datetime.date(2022, 12, 1)
    six_month, annual = selectors.reviews_to_record(blocs, 2022, today=later)
    assert [c.pk for c in six_month.unrecorded] == [held.pk] and six_month.missing == []
    assert (annual.kind, annual.due, annual.missing) == (Conference.Kind.ANNUAL, datetime.date(2023, 1, 31), [bloc])
    Attendance.objects.create(conference=held, agency=agencies[0], attended=True)
    assert [t.kind for t in selectors.reviews_to_record(blocs, 2022, today=later)] == [Conference.Kind.ANNUAL]
    # a bloc without a roster that year owes nothing
    assert selectors.reviews_to_record(blocs, 2030, today=datetime.date(2031, 1, 1)) == []
