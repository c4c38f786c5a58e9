"""Factories and small builders for conference tests."""

import datetime

import factory

from awards.models import AwardForm
from blocs import services as bloc_services
from conferences.models import Conference
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    bloc = factory.SubFactory(BlocFactory)
    kind = Conference.Kind.ANNUAL
    year = 2022
    period_kind = Conference.PeriodKind.YEAR
    date = datetime.date(2023, 1, 4)
    time_of_day = Conference.TimeOfDay.AFTERNOON


def flag_form() -> AwardForm:
    return AwardForm.objects.get(code="co-thi-dua-bo-tinh")


def certificate_form() -> AwardForm:
    return AwardForm.objects.get(code="bang-khen-bo-tinh")


def bloc_world(*, members=5, outsiders=2, year=2022, leader_index=0, deputy_index=1):
    """A province with a bloc whose roster of `year` has `members` agencies (A, B, ...; the
    first leads, the second deputises) and `outsiders` agencies of the same province not in it."""
    province = ProvinceFactory()
    bloc = BlocFactory(province=province)
    letters = "ABCDEFGHIJKLMNOP"
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {letters[i]}") for i in range(members + outsiders)]
    bloc_services.set_roster(
        bloc=bloc,
        year=year,
        agencies=agencies[:members],
        leader=agencies[leader_index],
        deputies=[agencies[deputy_index]],
    )
    return bloc, agencies
