"""Demo data for awards: the reporting periods H1 2022 and full year 2022 of the three demo
provinces, and the Bắc Giang H1 2022 figures of the seed case, as accepted submissions.

The facts are copied from the seed case into this module; every write goes through the same
services users go through, and running it twice changes nothing.
"""

import datetime

from django.utils import timezone

from awards import services
from awards.catalogue import ensure_catalogue
from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission, SubmissionEvent
from blocs.demo import HOME_AFFAIRS_USERS
from blocs.models import Agency, Province, User

PROVINCES = ["bac-giang", "bac-kan", "dong-thap"]
YEAR = 2022

# Bắc Giang, six-month review 2022 (article of 03/08/2022): 205 collectives, 437 individuals.
# (agency, form code, authority, collectives, individuals, movement as written)
BAC_GIANG_H1 = [
    ("Công an tỉnh", "khong-ro", "Công an tỉnh", 190, 367, ""),
    (
        "Viện Kiểm sát nhân dân tỉnh",
        "giay-khen",
        "Viện trưởng Viện Kiểm sát nhân dân tỉnh",
        14,
        39,
        "phong trào thi đua theo đợt, chuyên đề",
    ),
    ("Tòa án nhân dân tỉnh", "giay-khen", "Chánh án Tòa án nhân dân tỉnh", 0, 29, ""),
    ("Sở Tư pháp", "bang-khen-bo-tinh", "Bộ trưởng Bộ Tư pháp", 0, 1, "phong trào thi đua đặc biệt"),
    (
        "Sở Tư pháp",
        "bang-khen-bo-tinh",
        "Chủ tịch UBND tỉnh",
        1,
        1,
        "phong trào thi đua thực hiện văn hóa công sở",
    ),
]
BAC_GIANG_TOTALS = (205, 437)


def _dated(submission: Submission, day: datetime.date) -> None:
    """Date a demo submission, its transitions and its history on `day` instead of today: the
    sources give no submission date, so the period's deadline stands for it (a report of 2022
    stamped with the day the demo was loaded would sit beside the period's dates as if late).
    The services stamp "now"; only the demo rewrites the stamps, nothing a user does."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    Submission.objects.filter(pk=submission.pk).update(submitted_at=at, updated_at=at)
    SubmissionEvent.objects.filter(submission=submission).update(at=at)
    Submission.history.filter(id=submission.pk).update(history_date=at)
    AwardRecord.history.filter(submission_id=submission.pk).update(history_date=at)


def _period(province: Province, kind: str, actor) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(province=province, year=YEAR, kind=kind).first()
    if period is None:
        period = services.open_period(province=province, year=YEAR, kind=kind, actor=actor)
    return period


def load(stdout=None) -> None:
    ensure_catalogue()
    for code in PROVINCES:
        province = Province.objects.get(code=code)
        actor = User.objects.filter(username=HOME_AFFAIRS_USERS[code]).first()
        _period(province, ReportingPeriod.Kind.H1, actor)
        _period(province, ReportingPeriod.Kind.YEAR, actor)

    province = Province.objects.get(code="bac-giang")
    h1 = ReportingPeriod.objects.get(province=province, year=YEAR, kind=ReportingPeriod.Kind.H1)
    reviewer = User.objects.filter(username=HOME_AFFAIRS_USERS["bac-giang"]).first()
    forms = {f.code: f for f in AwardForm.objects.filter(code__in={row[1] for row in BAC_GIANG_H1})}
    by_agency: dict[str, list[services.RecordRow]] = {}
    for agency_name, form_code, authority, collectives, individuals, movement in BAC_GIANG_H1:
        by_agency.setdefault(agency_name, []).append(
            services.RecordRow(
                form=forms[form_code],
                authority=authority,
                collectives=collectives,
                individuals=individuals,
                movement_name=movement,
            )
        )
    for agency_name, rows in by_agency.items():
        agency = Agency.objects.get(province=province, name=agency_name)
        if Submission.objects.filter(agency=agency, period=h1).exists():
            continue
        officer = User.objects.filter(agency=agency, role=User.Role.OFFICER).order_by("username").first()
        submission = services.submit_submission(agency=agency, period=h1, rows=rows, version=0, actor=officer)
        services.accept_submission(submission=submission, actor=reviewer)
        _dated(submission, h1.deadline)
    if stdout is not None:
        stdout.write("Awards: periods H1 and full year 2022; Bắc Giang H1 2022 figures (205 / 437).")
