"""The synthetic dataset of `manage.py benchmark_reports`, kept apart from the measurements.

National ≈ 34 provinces × 20 blocs × 10 agencies × 10 years × 2 periods × 40 forms ≈ 5.4
million award rows; province = one such province. Everything lives under provinces coded
`bench-<scale>-<n>` (plus `bench-upload` for the upload and grid measurements) and users named
`bench-…`, written with `bulk_create` in bounded chunks, one transaction per province.

`foreign_data()` tells whether the database holds anything else: the command refuses to write
into such a database unless given `--force` (the dataset is not meant to sit beside real data,
and `drop()` deletes with plain SQL).
"""

import random
from datetime import date

from django.db import connection, transaction

from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission, SubmissionEvent
from blocs import dataversion
from blocs.models import Agency, Bloc, Membership, Province, User
from blocs.text import vn_collation_key

SCALES = {
    # provinces, blocs per province, agencies per bloc, years, forms per agency-period
    "province": (1, 20, 10, 10, 40),
    "national": (34, 20, 10, 10, 40),
}
PREFIX = "bench-"
UPLOAD_PROVINCE = "bench-upload"
LAST_YEAR = 2024
CHUNK = 20_000
WIDE_AGENCIES = 1_000
WIDE_FORMS = 5


def shrink(dims, rows):
    """Reduce forms, then years, then blocs, then provinces until the dataset has at most
    `rows` award rows (2 periods per year)."""
    p, b, a, y, f = dims
    if rows is None:
        return dims
    rows = max(rows, 2)
    f = max(1, min(f, rows // (p * b * a * y * 2)))
    while p * b * a * y * 2 * f > rows and y > 1:
        y -= 1
    while p * b * a * y * 2 * f > rows and b > 1:
        b -= 1
    while p * b * a * y * 2 * f > rows and p > 1:
        p -= 1
    while p * b * a * y * 2 * f > rows and a > 1:
        a -= 1
    return p, b, a, y, f


def foreign_data() -> list[str]:
    """What in the database is not benchmark data (provinces, users), as short descriptions."""
    found = []
    provinces = Province.objects.exclude(code__startswith=PREFIX).count()
    if provinces:
        found.append(f"{provinces} province(s)")
    users = User.objects.exclude(username__startswith=PREFIX).count()
    if users:
        found.append(f"{users} user(s)")
    return found


class Dataset:
    """One scale's dataset: `wide` is the number of agencies of the large bloc."""

    def __init__(self, scale: str, dims, *, wide: int = WIDE_AGENCIES, log=None):
        self.scale, self.dims, self.wide = scale, dims, wide
        self.prefix = f"{PREFIX}{scale}-"
        self.log = log or (lambda text: None)

    def expected_rows(self) -> int:
        p, b, a, y, f = self.dims
        return p * b * a * y * 2 * f + (self.wide + 1) * WIDE_FORMS * 2

    def existing_rows(self) -> int:
        return AwardRecord.objects.filter(period__province__code__startswith=self.prefix).count()

    def drop(self) -> None:
        drop_provinces(Province.objects.filter(code__startswith=self.prefix))

    def build(self, forms) -> None:
        p_count, b_count, a_count, y_count, f_count = self.dims
        rng = random.Random(2026)  # synthetic data, not security
        years = list(range(LAST_YEAR - y_count + 1, LAST_YEAR + 1))
        for p in range(p_count):
            with transaction.atomic():
                province = Province.objects.create(name=f"Tỉnh thử nghiệm {self.prefix}{p}", code=f"{self.prefix}{p}")
                agencies = Agency.objects.bulk_create(
                    [
                        Agency(
                            province=province,
                            name=f"Cơ quan {b + 1:02d}.{a + 1:02d}",
                            sort_name=vn_collation_key(f"Cơ quan {b + 1:02d}.{a + 1:02d}"),
                        )
                        for b in range(b_count)
                        for a in range(a_count)
                    ]
                )
                blocs = Bloc.objects.bulk_create(
                    [
                        Bloc(
                            province=province,
                            name=f"Khối thi đua số {b + 1}",
                            sort_name=vn_collation_key(f"Khối thi đua số {b + 1}"),
                            number=b + 1,
                        )
                        for b in range(b_count)
                    ]
                )
                groups = [(blocs[b], agencies[b * a_count : (b + 1) * a_count]) for b in range(b_count)]
                if p == 0:
                    groups += self.wide_blocs(province)
                Membership.objects.bulk_create(
                    [
                        membership(bloc, agency, year, i)
                        for bloc, members in groups
                        for year in years
                        for i, agency in enumerate(members)
                    ],
                    batch_size=CHUNK,
                )
                periods = ReportingPeriod.objects.bulk_create(
                    [new_period(province, year, kind) for year in years for kind in ("h1", "year")]
                )
                records([(agencies, periods, forms[:f_count])], rng)
                if p == 0:
                    wide = [periods[-2 if len(periods) >= 2 else 0], periods[-1]]  # the last year's two periods
                    wide_agencies = [a for bloc, members in groups[b_count:] for a in members]
                    records([(wide_agencies, wide, forms[:WIDE_FORMS])], rng)
                dataversion.bump()  # bulk writes send no signal
            self.log(f"  province {p + 1}/{p_count}")

    def wide_blocs(self, province):
        """A bloc of 1 agency and a bloc of `wide` agencies, for the query counts and the export."""
        small = Bloc.objects.create(province=province, name="Khối một đơn vị", number=901)
        large = Bloc.objects.create(province=province, name=f"Khối {self.wide} đơn vị", number=902)
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    province=province,
                    name=f"Đơn vị lớn {i + 1:04d}",
                    sort_name=vn_collation_key(f"Đơn vị lớn {i + 1:04d}"),
                )
                for i in range(self.wide + 1)
            ]
        )
        dataversion.bump()  # bulk writes send no signal
        return [(small, agencies[:1]), (large, agencies[1:])]


def new_period(province, year, kind) -> ReportingPeriod:
    return ReportingPeriod(
        province=province,
        year=year,
        kind=kind,
        start_date=date(year, 1, 1),
        end_date=date(year, 6, 30) if kind == "h1" else date(year, 12, 31),
        deadline=date(year, 7, 15) if kind == "h1" else date(year + 1, 1, 15),
    )


def membership(bloc, agency, year, index) -> Membership:
    if index == 0:
        return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.LEADER)
    if index == 1:
        return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.DEPUTY, deputy_slot=1)
    return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.MEMBER)


def records(batches, rng) -> None:
    """Submissions and award records, written CHUNK rows at a time (bounded memory)."""
    states = [Submission.State.ACCEPTED] * 8 + [Submission.State.SUBMITTED, Submission.State.DRAFT]
    for agencies, periods, forms in batches:
        submissions = Submission.objects.bulk_create(
            [Submission(agency=a, period=p, state=rng.choice(states)) for a in agencies for p in periods],
            batch_size=CHUNK,
        )
        chunk = []
        for sub in submissions:
            for i, form in enumerate(forms):
                chunk.append(
                    AwardRecord(
                        submission=sub,
                        agency_id=sub.agency_id,
                        period_id=sub.period_id,
                        form=form,
                        status=AwardRecord.Status.PROPOSED if i % 5 == 4 else AwardRecord.Status.GRANTED,
                        collectives=rng.randint(0, 20),
                        individuals=rng.randint(1, 60),
                    )
                )
                if len(chunk) >= CHUNK:
                    AwardRecord.objects.bulk_create(chunk)
                    chunk = []
        if chunk:
            AwardRecord.objects.bulk_create(chunk)
    dataversion.bump()  # bulk writes send no signal


def drop_provinces(provinces) -> None:
    """Delete provinces and everything of theirs with plain SQL (the ORM would load every row
    to send the history signals), history tables included."""
    ids = [int(i) for i in provinces.values_list("id", flat=True)]
    if not ids:
        return
    in_ids = ",".join(str(i) for i in ids)
    t = {m: m._meta.db_table for m in (AwardRecord, Submission, ReportingPeriod, Membership, Bloc, Agency, Province)}
    h = {m: m.history.model._meta.db_table for m in (AwardRecord, Submission)}
    periods = f"SELECT id FROM {t[ReportingPeriod]} WHERE province_id IN ({in_ids})"
    statements = [
        f"DELETE FROM {h[AwardRecord]} WHERE period_id IN ({periods})",
        f"DELETE FROM {h[Submission]} WHERE period_id IN ({periods})",
        f"DELETE FROM {t[AwardRecord]} WHERE period_id IN ({periods})",
        f"DELETE FROM {SubmissionEvent._meta.db_table} WHERE submission_id IN (SELECT id FROM {t[Submission]} "
        f"WHERE period_id IN ({periods}))",
        f"DELETE FROM {t[Submission]} WHERE period_id IN ({periods})",
        f"DELETE FROM {t[ReportingPeriod]} WHERE province_id IN ({in_ids})",
        f"DELETE FROM {t[Membership]} WHERE bloc_id IN (SELECT id FROM {t[Bloc]} WHERE province_id IN ({in_ids}))",
        f"DELETE FROM {t[Bloc]} WHERE province_id IN ({in_ids})",
        f"DELETE FROM {t[Agency]} WHERE province_id IN ({in_ids})",
        f"DELETE FROM {t[Province]} WHERE id IN ({in_ids})",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        dataversion.bump()


def forms_for(dims) -> list[AwardForm]:
    return list(AwardForm.objects.order_by("display_order", "id")[: max(dims[4], WIDE_FORMS)])


def drop_submissions(period) -> None:
    """Delete the period's submissions, records, events and their history (between two timed
    uploads of the same file), with plain SQL."""
    sub, rec = Submission._meta.db_table, AwardRecord._meta.db_table
    statements = [
        f"DELETE FROM {AwardRecord.history.model._meta.db_table} WHERE period_id = %s",
        f"DELETE FROM {Submission.history.model._meta.db_table} WHERE period_id = %s",
        f"DELETE FROM {rec} WHERE period_id = %s",
        f"DELETE FROM {SubmissionEvent._meta.db_table} WHERE submission_id IN "
        f"(SELECT id FROM {sub} WHERE period_id = %s)",
        f"DELETE FROM {sub} WHERE period_id = %s",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [period.id])
        dataversion.bump()
