"""Award data for the report tests, written with the awards models directly (the awards
services are built in parallel); the shapes follow awards/models.py."""

import datetime

import factory

from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission
from blocs import services
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("province", "year", "kind")

    province = factory.SubFactory(ProvinceFactory)
    year = 2022
    kind = ReportingPeriod.Kind.H1
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    end_date = factory.LazyAttribute(
        lambda o: datetime.date(o.year, 6, 30) if o.kind == "h1" else datetime.date(o.year, 12, 31)
    )
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 7, 15))


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def submission(agency, period, state=Submission.State.ACCEPTED) -> Submission:
    sub, created = Submission.objects.get_or_create(agency=agency, period=period, defaults={"state": state})
    if not created and sub.state != state:
        sub.state = state
        sub.save(update_fields=["state"])
    return sub


def award(agency, period, code, collectives=0, individuals=0, *, status="granted", authority="", state="accepted"):
    """One award record (and the agency's submission for the period, in `state`)."""
    sub = submission(agency, period, state)
    return AwardRecord.objects.create(
        submission=sub,
        agency=agency,
        period=period,
        form=form(code),
        authority=authority,
        status=status,
        collectives=collectives,
        individuals=individuals,
    )


BAC_GIANG_MEMBERS = [
    "Bộ Chỉ huy Quân sự tỉnh",
    "Công an tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Tòa án nhân dân tỉnh",
    "Cục Thi hành án dân sự tỉnh",
    "Thanh tra tỉnh",
    "Sở Tư pháp",
]


def bac_giang_h1_2022(*, state="accepted"):
    """The Bắc Giang 2022 six-month case (seed case bac-giang-2022-h1): 205 collectives, 437
    individuals granted, with the four agencies that reported figures. Returns a dict."""
    province = ProvinceFactory(name="Bắc Giang", code="bac-giang")
    bloc = BlocFactory(province=province, name="Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang")
    agencies = {name: AgencyFactory(province=province, name=name) for name in BAC_GIANG_MEMBERS}
    services.set_roster(bloc=bloc, year=2022, agencies=list(agencies.values()))
    period = PeriodFactory(province=province, year=2022, kind="h1")
    award(agencies["Công an tỉnh"], period, "khong-ro", 190, 367, authority="Công an tỉnh", state=state)
    award(agencies["Viện Kiểm sát nhân dân tỉnh"], period, "giay-khen", 14, 39, state=state)
    award(agencies["Tòa án nhân dân tỉnh"], period, "giay-khen", 0, 29, state=state)
    award(agencies["Sở Tư pháp"], period, "bang-khen-bo-tinh", 0, 1, authority="Bộ trưởng Bộ Tư pháp", state=state)
    award(agencies["Sở Tư pháp"], period, "bang-khen-bo-tinh", 1, 1, authority="Chủ tịch UBND tỉnh", state=state)
    return {"province": province, "bloc": bloc, "agencies": agencies, "period": period}
