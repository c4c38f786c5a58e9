"""Benchmark the reports on a synthetic dataset in the configured database.

    python manage.py benchmark_reports --scale province|national [--json] [--rows N] [--rebuild]

The dataset (national ≈ 34 provinces × 20 blocs × 10 agencies × 10 years × 2 periods × 40 forms
≈ 5.4 million award rows; province = one such province, 160,000 rows) is written with
`bulk_create` in bounded chunks, under provinces coded `bench-<scale>-<n>`, and reused by the
next run when it is complete. `--rows` caps the number of award rows for quick runs (forms,
then years, then blocs, then provinces are reduced until the product fits).

Measured in one run (best of several repetitions after a warm-up):
- bloc_report_ratio: `selectors.bloc_report` of a typical bloc ÷ the hand-written SQL
  statements that yield the same numbers (per-agency sums, per-form sums, per-year totals);
- rollup_ratio: `selectors.province_rollup` ÷ its hand-written SQL (member counts, submitted
  counts, per-bloc sums);
- xlsx_ratio: our xlsx export of the 1,000-agency bloc report ÷ an openpyxl write-only
  workbook of the same cells without styles;
- export_peak_mb: peak Python memory (tracemalloc) of computing and exporting that report to
  xlsx and docx;
- queries_small / queries_large: SQL queries of the report page for a bloc of 1 and of 1,000
  agencies (they must be equal).
"""

import io
import json
import random
import time
import tracemalloc
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission
from blocs.models import Agency, Bloc, Membership, Province, User
from conferences import workbooks
from conferences.exporters import motto
from reports import exports, selectors, views
from reports.selectors import LEVELS, STATUSES
from reports.tables import bloc_report_tables

SCALES = {
    # provinces, blocs per province, agencies per bloc, years, forms per agency-period
    "province": (1, 20, 10, 10, 40),
    "national": (34, 20, 10, 10, 40),
}
LAST_YEAR = 2024
CHUNK = 20_000
WIDE_AGENCIES = 1_000
WIDE_FORMS = 5
REPEAT = 7


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


def best_seconds(fn, repeat=REPEAT):
    fn()  # warm-up: caches, plans, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)  # best of n: the machine is shared, the minimum is the least noisy estimate


class Command(BaseCommand):
    help = "Build (or reuse) a synthetic dataset and measure the reports against bare SQL and openpyxl."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--rows", type=int, help="cap the number of award rows (quick runs)")
        parser.add_argument("--rebuild", action="store_true", help="drop the dataset of this scale and build it again")
        parser.add_argument(
            "--wide",
            type=int,
            default=WIDE_AGENCIES,
            help="agencies of the large bloc (default 1000; smaller for tests)",
        )

    def handle(self, *args, **options):
        if options["rows"] is not None and options["rows"] < 1:
            raise CommandError("--rows must be a positive number.")
        if options["wide"] < 1:
            raise CommandError("--wide must be a positive number.")
        self.wide = options["wide"]
        scale = options["scale"]
        dims = shrink(SCALES[scale], options["rows"])
        self.quiet = options["json"]
        self.prefix = f"bench-{scale}-"
        needed = max(dims[4], WIDE_FORMS)
        forms = list(AwardForm.objects.order_by("display_order", "id")[:needed])
        if len(forms) < needed:
            raise CommandError(f"The award catalogue has {len(forms)} forms; {needed} are needed.")
        expected = self.expected_rows(dims)
        if options["rebuild"] or self.existing_rows() != expected:
            self.drop()
            started = time.perf_counter()
            self.build(dims, forms)
            self.log(f"built {expected:,} award rows in {time.perf_counter() - started:.1f} s")
        else:
            self.log(f"reusing {expected:,} award rows")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        with translation.override("vi"):
            result = self.measure(dims)
        result["details"]["rows"] = self.existing_rows()
        result["details"]["dims"] = dict(zip(["provinces", "blocs", "agencies", "years", "forms"], dims, strict=True))
        result["details"]["database"] = connection.vendor
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key_name, value in result.items():
                if key_name != "details":
                    self.stdout.write(f"{key_name}: {value}")
            for key_name, value in result["details"].items():
                self.stdout.write(f"  {key_name}: {value}")

    def log(self, text):
        if not self.quiet:
            self.stdout.write(text)

    # --- the dataset ---------------------------------------------------------------------

    def expected_rows(self, dims) -> int:
        p, b, a, y, f = dims
        return p * b * a * y * 2 * f + (self.wide + 1) * WIDE_FORMS * 2

    def existing_rows(self) -> int:
        return AwardRecord.objects.filter(period__province__code__startswith=self.prefix).count()

    def drop(self) -> None:
        """Delete this scale's dataset with plain SQL (the ORM would load every row to send the
        history signals)."""
        provinces = list(Province.objects.filter(code__startswith=self.prefix).values_list("id", flat=True))
        if not provinces:
            return
        ids = ",".join(str(int(i)) for i in provinces)
        t = {
            m: m._meta.db_table for m in (AwardRecord, Submission, ReportingPeriod, Membership, Bloc, Agency, Province)
        }
        periods = f"SELECT id FROM {t[ReportingPeriod]} WHERE province_id IN ({ids})"
        statements = [
            f"DELETE FROM {t[AwardRecord]} WHERE period_id IN ({periods})",
            f"DELETE FROM {t[Submission]} WHERE period_id IN ({periods})",
            f"DELETE FROM {t[ReportingPeriod]} WHERE province_id IN ({ids})",
            f"DELETE FROM {t[Membership]} WHERE bloc_id IN (SELECT id FROM {t[Bloc]} WHERE province_id IN ({ids}))",
            f"DELETE FROM {t[Bloc]} WHERE province_id IN ({ids})",
            f"DELETE FROM {t[Agency]} WHERE province_id IN ({ids})",
            f"DELETE FROM {t[Province]} WHERE id IN ({ids})",
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def build(self, dims, forms) -> None:
        p_count, b_count, a_count, y_count, _f = dims
        rng = random.Random(2026)  # synthetic data, not security (S311 is ignored for this file)
        years = list(range(LAST_YEAR - y_count + 1, LAST_YEAR + 1))
        for p in range(p_count):
            with transaction.atomic():
                province = Province.objects.create(name=f"Tỉnh thử nghiệm {self.prefix}{p}", code=f"{self.prefix}{p}")
                agencies = Agency.objects.bulk_create(
                    [
                        Agency(province=province, name=f"Cơ quan {b + 1:02d}.{a + 1:02d}")
                        for b in range(b_count)
                        for a in range(a_count)
                    ]
                )
                blocs = Bloc.objects.bulk_create(
                    [Bloc(province=province, name=f"Khối thi đua số {b + 1}", number=b + 1) for b in range(b_count)]
                )
                groups = [(blocs[b], agencies[b * a_count : (b + 1) * a_count]) for b in range(b_count)]
                if p == 0:
                    groups += self.wide_blocs(province)
                Membership.objects.bulk_create(
                    [
                        self.membership(bloc, agency, year, i)
                        for bloc, members in groups
                        for year in years
                        for i, agency in enumerate(members)
                    ],
                    batch_size=CHUNK,
                )
                periods = ReportingPeriod.objects.bulk_create(
                    [
                        ReportingPeriod(
                            province=province,
                            year=year,
                            kind=kind,
                            start_date=date(year, 1, 1),
                            end_date=date(year, 6, 30) if kind == "h1" else date(year, 12, 31),
                            deadline=date(year, 7, 15) if kind == "h1" else date(year + 1, 1, 15),
                        )
                        for year in years
                        for kind in ("h1", "year")
                    ]
                )
                self.records([(agencies, periods, forms[: dims[4]])], rng)
                if p == 0:
                    wide = [periods[-2 if len(periods) >= 2 else 0], periods[-1]]  # the last year's two periods
                    wide_agencies = [a for bloc, members in groups[b_count:] for a in members]
                    self.records([(wide_agencies, wide, forms[:WIDE_FORMS])], rng)
            self.log(f"  province {p + 1}/{p_count}")

    def wide_blocs(self, province):
        """A bloc of 1 agency and a bloc of 1,000 agencies, for the query counts and the export."""
        small = Bloc.objects.create(province=province, name="Khối một đơn vị", number=901)
        large = Bloc.objects.create(province=province, name=f"Khối {self.wide} đơn vị", number=902)
        agencies = Agency.objects.bulk_create(
            [Agency(province=province, name=f"Đơn vị lớn {i + 1:04d}") for i in range(self.wide + 1)]
        )
        return [(small, agencies[:1]), (large, agencies[1:])]

    @staticmethod
    def membership(bloc, agency, year, index):
        if index == 0:
            return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.LEADER)
        if index == 1:
            return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.DEPUTY, deputy_slot=1)
        return Membership(bloc=bloc, agency=agency, year=year, role=Membership.Role.MEMBER)

    @staticmethod
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

    # --- the measurements ----------------------------------------------------------------

    def measure(self, dims) -> dict:
        province = Province.objects.get(code=f"{self.prefix}0")
        year = LAST_YEAR
        bloc = Bloc.objects.select_related("province").get(province=province, number=1)
        small = Bloc.objects.select_related("province").get(province=province, number=901)
        large = Bloc.objects.select_related("province").get(province=province, number=902)

        report_s = best_seconds(lambda: selectors.bloc_report(bloc=bloc, year=year, kind="year"))
        bare_s = best_seconds(lambda: self.bare_bloc_report(bloc, year, "year"))
        check = selectors.bloc_report(bloc=bloc, year=year, kind="year")
        self.check_same_numbers(check, self.bare_bloc_report(bloc, year, "year"))

        rollup_s = best_seconds(lambda: selectors.province_rollup(province=province, year=year, kind="year"))
        bare_rollup_s = best_seconds(lambda: self.bare_rollup(province, year, "year"))

        wide = selectors.bloc_report(bloc=large, year=year, kind="year")
        tables = bloc_report_tables(wide)
        header = exports.bloc_report_exporter(wide).header
        xlsx_s = best_seconds(lambda: exports.bloc_report_exporter(wide).xlsx(), repeat=5)
        styled_s = best_seconds(lambda: self.plain_xlsx(tables, header, styled=True), repeat=5)
        values_s = best_seconds(lambda: self.plain_xlsx(tables, header, styled=False), repeat=5)

        tracemalloc.start()
        report = selectors.bloc_report(bloc=large, year=year, kind="year")
        exports.bloc_report_xlsx(report, timezone.localdate())
        exports.bloc_report_docx(report, timezone.localdate())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        queries_small = self.page_queries(small, year)
        queries_large = self.page_queries(large, year)
        return {
            "bloc_report_ratio": round(report_s / bare_s, 2),
            "rollup_ratio": round(rollup_s / bare_rollup_s, 2),
            "xlsx_ratio": round(xlsx_s / styled_s, 2),
            "export_peak_mb": round(peak / 1024 / 1024, 1),
            "queries_small": queries_small,
            "queries_large": queries_large,
            "details": {
                "bloc_report_ms": round(report_s * 1000, 2),
                "bloc_report_bare_sql_ms": round(bare_s * 1000, 2),
                "rollup_ms": round(rollup_s * 1000, 2),
                "rollup_bare_sql_ms": round(bare_rollup_s * 1000, 2),
                "xlsx_1000_agencies_ms": round(xlsx_s * 1000, 1),
                "xlsx_write_only_same_cells_ms": round(styled_s * 1000, 1),
                "xlsx_write_only_values_only_ms": round(values_s * 1000, 1),
                "xlsx_ratio_values_only": round(xlsx_s / values_s, 2),
            },
        }

    @staticmethod
    def _sums_sql(prefix="r", form="f") -> str:
        parts = []
        for status in STATUSES:
            for level in LEVELS:
                for column in ("collectives", "individuals"):
                    parts.append(
                        f"COALESCE(SUM(CASE WHEN {form}.level = '{level}' AND {prefix}.status = '{status}' "
                        f"THEN {prefix}.{column} END), 0)"
                    )
        return ", ".join(parts)

    def bare_bloc_report(self, bloc, year, kind):
        """The numbers of the bloc report in hand-written SQL: per agency × level × status, per
        form × status, per year (the comparison and the chart)."""
        r, f = AwardRecord._meta.db_table, AwardForm._meta.db_table
        p, m = ReportingPeriod._meta.db_table, Membership._meta.db_table
        sums = self._sums_sql()
        status_sums = ", ".join(
            f"COALESCE(SUM(CASE WHEN r.status = '{s}' THEN r.{c} END), 0)"
            for s in STATUSES
            for c in ("collectives", "individuals")
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {p} WHERE province_id = %s AND kind = %s AND year = %s", [
                bloc.province_id, kind, year])  # fmt: skip
            period_id = cursor.fetchone()[0]
            members = f"SELECT agency_id FROM {m} WHERE bloc_id = %s AND year = %s"
            cursor.execute(
                f"SELECT r.agency_id, {sums} FROM {r} r JOIN {f} f ON f.id = r.form_id "
                f"WHERE r.period_id = %s AND r.agency_id IN ({members}) GROUP BY r.agency_id",
                [period_id, bloc.id, year],
            )
            per_agency = cursor.fetchall()
            cursor.execute(
                f"SELECT r.form_id, f.name, f.level, {status_sums} FROM {r} r JOIN {f} f ON f.id = r.form_id "
                f"WHERE r.period_id = %s AND r.agency_id IN ({members}) GROUP BY r.form_id, f.name, f.level",
                [period_id, bloc.id, year],
            )
            per_form = cursor.fetchall()
            cursor.execute(
                f"SELECT p.year, {sums} FROM {r} r JOIN {f} f ON f.id = r.form_id JOIN {p} p ON p.id = r.period_id "
                f"WHERE p.province_id = %s AND p.kind = %s AND EXISTS (SELECT 1 FROM {m} m WHERE m.bloc_id = %s "
                f"AND m.agency_id = r.agency_id AND m.year = p.year) GROUP BY p.year ORDER BY p.year",
                [bloc.province_id, kind, bloc.id],
            )
            per_year = cursor.fetchall()
        return per_agency, per_form, per_year

    @staticmethod
    def check_same_numbers(report, bare) -> None:
        per_agency, _per_form, per_year = bare
        keys = [selectors.key(s, lv, c) for s in STATUSES for lv in LEVELS for c in ("c", "i")]
        by_agency = {row[0]: list(row[1:]) for row in per_agency}
        for member in report.members:
            if member.agency_id in by_agency and [member.counts[k] for k in keys] != by_agency[member.agency_id]:
                raise CommandError(f"The report and the bare SQL disagree for agency {member.agency_id}.")
        if [h.year for h in report.history] != [row[0] for row in per_year]:
            raise CommandError("The report's history and the bare SQL disagree.")

    def bare_rollup(self, province, year, kind):
        r, f = AwardRecord._meta.db_table, AwardForm._meta.db_table
        p, m = ReportingPeriod._meta.db_table, Membership._meta.db_table
        b, s = Bloc._meta.db_table, Submission._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {p} WHERE province_id = %s AND kind = %s AND year = %s", [
                province.id, kind, year])  # fmt: skip
            period_id = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT m.bloc_id, COUNT(*), SUM(CASE WHEN m.role = 'leader' THEN 1 ELSE 0 END) FROM {m} m "
                f"JOIN {b} b ON b.id = m.bloc_id WHERE b.province_id = %s AND m.year = %s GROUP BY m.bloc_id",
                [province.id, year],
            )
            counts = cursor.fetchall()
            cursor.execute(
                f"SELECT m.bloc_id, COUNT(*) FROM {s} s JOIN {m} m ON m.agency_id = s.agency_id AND m.year = %s "
                f"JOIN {b} b ON b.id = m.bloc_id WHERE s.period_id = %s AND b.province_id = %s "
                f"AND s.state IN ('submitted', 'accepted') GROUP BY m.bloc_id",
                [year, period_id, province.id],
            )
            submitted = cursor.fetchall()
            cursor.execute(
                f"SELECT m.bloc_id, {self._sums_sql()} FROM {r} r JOIN {f} f ON f.id = r.form_id "
                f"JOIN {m} m ON m.agency_id = r.agency_id AND m.year = %s JOIN {b} b ON b.id = m.bloc_id "
                f"WHERE r.period_id = %s AND b.province_id = %s GROUP BY m.bloc_id",
                [year, period_id, province.id],
            )
            sums = cursor.fetchall()
        return counts, submitted, sums

    @staticmethod
    def plain_xlsx(tables, header, *, styled: bool) -> bytes:
        """The floor our export is compared to: the same cells in an openpyxl write-only
        workbook written directly, without the report machinery. `styled`: each cell gets the
        same named style as in our export, assigned the ordinary way (`cell.style = name`);
        otherwise values only."""
        wb = Workbook(write_only=True)
        if styled:
            workbooks.add_named_styles(wb)

        def cell(ws, value, style):
            if not styled:
                return value
            c = WriteOnlyCell(ws, value=value)
            c.style = style
            return c

        for table in tables:
            ws = wb.create_sheet(table.key)
            ws.append([cell(ws, header.issuer_parent, "doc_centre"), None, cell(ws, motto()[0], "doc_centre_bold")])
            ws.append([cell(ws, header.issuer, "doc_centre_bold"), None, cell(ws, motto()[1], "doc_centre_bold")])
            ws.append([cell(ws, header.number, "doc_centre"), None, cell(ws, header.place_date, "doc_centre_italic")])
            ws.append([])
            ws.append([cell(ws, header.title, "doc_title")])
            ws.append([cell(ws, header.subtitle, "doc_centre_bold")])
            ws.append([cell(ws, table.title, "doc_heading")])
            grid = [[None] * len(table.columns) for _ in range(table.depth)]
            for hc in table.header_cells():
                grid[hc.row][hc.col] = hc.label
            for row in grid:
                ws.append([cell(ws, v, "doc_head") for v in row])
            styles = ["doc_number" if c.numeric else "doc_text" for c in table.columns]
            for row in table.rows:
                ws.append([cell(ws, v, st) for v, st in zip(row, styles, strict=True)])
            if table.total is not None:
                ws.append([cell(ws, v, "doc_total_number") for v in table.total])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    @staticmethod
    def page_queries(bloc, year) -> int:
        """Queries of the report page (view and template) for an administrator."""
        user = User(username="benchmark", role=User.Role.ADMIN, is_superuser=True, is_staff=True)
        request = RequestFactory().get(f"/reports/bloc/{bloc.pk}/{year}/year/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            response = views.bloc_report(request, pk=bloc.pk, year=year, period="year")
        if response.status_code != 200:
            raise CommandError(f"The report page answered {response.status_code}.")
        return len(queries)
