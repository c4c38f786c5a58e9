import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards import counting, selectors
from awards.models import AwardRecord, ReportingPeriod, Submission, SubmissionEvent

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        ReportingPeriod.objects.count(),
        Submission.objects.count(),
        sorted(
            AwardRecord.objects.values_list("agency__name", "form__code", "authority", "collectives", "individuals")
        ),
    )


def test_demo_loads_bac_giang_h1_2022_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert sorted(ReportingPeriod.objects.values_list("province__code", "year", "kind")) == [
        ("bac-giang", 2022, "h1"),
        ("bac-giang", 2022, "year"),
        ("bac-kan", 2022, "h1"),
        ("bac-kan", 2022, "year"),
        ("dong-thap", 2022, "h1"),
        ("dong-thap", 2022, "year"),
    ]
    h1 = ReportingPeriod.objects.get(province__code="bac-giang", kind="h1")
    totals = counting.award_totals(province_id=h1.province_id, kind="h1", year=2022, scope="all", by=("status",))
    assert list(totals) == [("granted", 205, 437)]
    assert set(Submission.objects.filter(period=h1).values_list("state", flat=True)) == {"accepted"}
    assert Submission.objects.filter(period=h1).count() == 4
    tuphap = AwardRecord.objects.filter(agency__name="Sở Tư pháp", period=h1).order_by("authority")
    assert [(r.form.code, r.authority, r.collectives, r.individuals, r.movement_name) for r in tuphap] == [
        ("bang-khen-bo-tinh", "Bộ trưởng Bộ Tư pháp", 0, 1, "phong trào thi đua đặc biệt"),
        ("bang-khen-bo-tinh", "Chủ tịch UBND tỉnh", 1, 1, "phong trào thi đua thực hiện văn hóa công sở"),
    ]
    board = selectors.completeness_board(h1)
    assert (board.submitted, board.total) == (4, 7)


def test_demo_reseeds_a_flushed_catalogue():
    from awards.models import AwardForm, GrantingAuthority

    AwardForm.objects.all().delete()
    GrantingAuthority.objects.all().delete()
    call_command("load_demo", stdout=io.StringIO())
    assert AwardForm.objects.count() == 45
    assert GrantingAuthority.objects.filter(name="Chủ tịch UBND tỉnh").exists()


def test_demo_submissions_are_dated_from_the_source_and_periods_are_back_filled():
    call_command("load_demo", stdout=io.StringIO())
    h1 = ReportingPeriod.objects.get(province__code="bac-giang", kind="h1")
    assert h1.is_backfilled and h1.days_to_deadline(h1.deadline) is None
    submissions = Submission.objects.filter(period=h1)
    assert {timezone.localtime(s.submitted_at).date() for s in submissions} == {datetime.date(2022, 7, 15)}
    assert {timezone.localtime(s.updated_at).date() for s in submissions} == {datetime.date(2022, 7, 15)}
    events = SubmissionEvent.objects.filter(submission__period=h1)
    assert {timezone.localtime(e.at).date() for e in events} == {datetime.date(2022, 7, 15)}
    board = selectors.completeness_board(h1)
    assert {r.days_to_deadline for r in board.rows} == {None}
