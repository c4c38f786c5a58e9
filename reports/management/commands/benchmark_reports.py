"""Benchmark the reports, the board, the grid, the upload and a login on a synthetic dataset.

    python manage.py benchmark_reports --scale province|national [--json] [--rows N] [--rebuild] [--force]

The dataset (reports/benchmark_data.py) is built on the first run and reused while complete.
The command refuses a database holding anything but benchmark data unless given `--force`.

Measured in one run (best of several repetitions after a warm-up):
- bloc_report_ratio / rollup_ratio: the selectors ÷ the hand-written SQL yielding the same
  numbers;
- page_ratio / rollup_ratio_page / board_ratio: the bloc report page, the roll-up page and the
  completeness board of the largest province, fetched again through the test client as an
  administrator (their rows from the report cache, `blocs.dataversion`) ÷ (their bare SQL +
  `/healthz`, the cheapest page through the same stack); `*_cold` in the details: the same
  pages with the cache emptied before each fetch (rows computed);
- upload_ratio: a 500-row template upload (parse, validate, save with history) ÷ a bare
  openpyxl read of the same file;
- grid_ratio: the officer's editable grid after that upload ÷ the same page read-only (the
  plain table of the same 500 rows, once the report is submitted);
- login_ms: one check of a password hashed with the first of PASSWORD_HASHERS;
- docx_ratio: our .docx of the 1,000-agency bloc report ÷ the same header lines and tables
  written as raw WordprocessingML (strings joined and zipped);
- xlsx_ratio: our xlsx export of the 1,000-agency bloc report ÷ an openpyxl write-only
  workbook of the same cells; export_peak_mb: peak Python memory of that report's exports;
- queries_small / queries_large: SQL queries of the report page for a bloc of 1 and of 1,000
  agencies (they must be equal).
"""

import io
import json
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from awards import excel, services
from awards import selectors as award_selectors
from awards.models import AwardForm, AwardRecord, ReportingPeriod, Submission
from blocs import dataversion
from blocs.models import Agency, Bloc, Membership, Province, User
from conferences import workbooks
from conferences.exporters import motto
from reports import benchmark_data, exports, selectors, views
from reports.benchmark_data import LAST_YEAR, SCALES, UPLOAD_PROVINCE, Dataset, shrink
from reports.selectors import LEVELS, STATUSES
from reports.tables import bloc_report_tables

REPEAT = 7
UPLOAD_ROWS = 500


def best_seconds(fn, repeat=REPEAT, setup=None):
    """Best of `repeat` timed calls of `fn` after a warm-up; `setup` runs untimed before each."""
    times = []
    for i in range(repeat + 1):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        if i:  # the first call is the warm-up: caches, plans, imports
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
            default=benchmark_data.WIDE_AGENCIES,
            help="agencies of the large bloc (default 1000; smaller for tests)",
        )
        parser.add_argument("--force", action="store_true", help="run even if the database holds other data")
        parser.add_argument("--repeat", type=int, default=REPEAT, help="timed repetitions per figure (best is kept)")
        parser.add_argument("--upload-rows", type=int, default=UPLOAD_ROWS, help="rows of the upload and grid figures")

    def handle(self, *args, **options):
        if options["rows"] is not None and options["rows"] < 1:
            raise CommandError("--rows must be a positive number.")
        if options["wide"] < 1:
            raise CommandError("--wide must be a positive number.")
        foreign = benchmark_data.foreign_data()
        if foreign and not options["force"]:
            raise CommandError(
                f"This database holds data that is not the benchmark's ({', '.join(foreign)}). The benchmark "
                "writes and deletes rows: run it on a database of its own, or give --force."
            )
        self.wide = options["wide"]
        self.repeat = options["repeat"]
        self.upload_rows = options["upload_rows"]
        scale = options["scale"]
        dims = shrink(SCALES[scale], options["rows"])
        self.quiet = options["json"]
        self.dataset = Dataset(scale, dims, wide=self.wide, log=self.log)
        forms = benchmark_data.forms_for(dims)
        if len(forms) < max(dims[4], benchmark_data.WIDE_FORMS):
            raise CommandError(f"The award catalogue has {len(forms)} forms; more are needed.")
        expected = self.dataset.expected_rows()
        if options["rebuild"] or self.dataset.existing_rows() != expected:
            self.dataset.drop()
            started = time.perf_counter()
            self.dataset.build(forms)
            self.log(f"built {expected:,} award rows in {time.perf_counter() - started:.1f} s")
        else:
            self.log(f"reusing {expected:,} award rows")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        with translation.override("vi"):
            result = self.measure(dims)
        result["details"]["rows"] = self.dataset.existing_rows()
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

    # --- the measurements ----------------------------------------------------------------

    def measure(self, dims) -> dict:
        province = Province.objects.get(code=f"{self.dataset.prefix}0")
        year = LAST_YEAR
        bloc = Bloc.objects.select_related("province").get(province=province, number=1)
        small = Bloc.objects.select_related("province").get(province=province, number=901)
        large = Bloc.objects.select_related("province").get(province=province, number=902)

        report_s = best_seconds(lambda: selectors.bloc_report(bloc=bloc, year=year, kind="year"), self.repeat)
        bare_s = best_seconds(lambda: self.bare_bloc_report(bloc, year, "year"), self.repeat)
        check = selectors.bloc_report(bloc=bloc, year=year, kind="year")
        self.check_same_numbers(check, self.bare_bloc_report(bloc, year, "year"))

        rollup_s = best_seconds(
            lambda: selectors.province_rollup(province=province, year=year, kind="year"), self.repeat
        )
        bare_rollup_s = best_seconds(lambda: self.bare_rollup(province, year, "year"), self.repeat)

        wide = selectors.bloc_report(bloc=large, year=year, kind="year")
        tables = bloc_report_tables(wide)
        header = exports.bloc_report_exporter(wide).header
        xlsx_s = best_seconds(lambda: exports.bloc_report_exporter(wide).xlsx(), repeat=min(5, self.repeat))
        styled_s = best_seconds(lambda: self.plain_xlsx(tables, header, styled=True), repeat=min(5, self.repeat))
        values_s = best_seconds(lambda: self.plain_xlsx(tables, header, styled=False), repeat=min(5, self.repeat))

        docx_s = best_seconds(lambda: exports.bloc_report_exporter(wide).docx(), repeat=min(5, self.repeat))
        raw_docx_s = best_seconds(lambda: self.plain_docx(tables, header), repeat=min(5, self.repeat))

        tracemalloc.start()
        report = selectors.bloc_report(bloc=large, year=year, kind="year")
        exports.bloc_report_xlsx(report, timezone.localdate())
        exports.bloc_report_docx(report, timezone.localdate())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

        queries_small = self.page_queries(small, year)
        queries_large = self.page_queries(large, year)

        # Pages through the whole stack (middleware, session, templates) as an administrator.
        client = self.client_for(self.bench_user("bench-admin", role=User.Role.ADMIN, is_superuser=True))
        # Each page twice: as read again (its rows in the report cache under the data version,
        # the ratio) and computed (the cache emptied before each call, "..._cold_ms").
        health_s = best_seconds(lambda: self.get(client, reverse("healthz")), self.repeat)
        board_period = ReportingPeriod.objects.get(province=province, year=year, kind="h1")
        urls = {
            "page": reverse("reports:bloc", args=[bloc.pk, year, "year"]),
            "rollup": reverse("reports:rollup", args=[province.pk, year, "year"]),
            "board": reverse("awards:board", args=[board_period.pk]),
        }
        warm = {name: best_seconds(lambda url=url: self.get(client, url), self.repeat) for name, url in urls.items()}
        cold = {
            name: best_seconds(lambda url=url: self.get(client, url), self.repeat, setup=caches["reports"].clear)
            for name, url in urls.items()
        }
        page_s, rollup_page_s, board_s = warm["page"], warm["rollup"], warm["board"]
        bare_board_s = best_seconds(lambda: self.bare_board(board_period), self.repeat)
        board_rows = Membership.objects.filter(bloc__province=province, year=year).count()

        upload = self.measure_upload()
        login_s = self.measure_login()
        return {
            "bloc_report_ratio": round(report_s / bare_s, 2),
            "rollup_ratio": round(rollup_s / bare_rollup_s, 2),
            "page_ratio": round(page_s / (bare_s + health_s), 2),
            "rollup_ratio_page": round(rollup_page_s / (bare_rollup_s + health_s), 2),
            "board_ratio": round(board_s / (bare_board_s + health_s), 2),
            "upload_ratio": upload["upload_ratio"],
            "grid_ratio": upload["grid_ratio"],
            "login_ms": round(login_s * 1000, 1),
            "xlsx_ratio": round(xlsx_s / styled_s, 2),
            "docx_ratio": round(docx_s / raw_docx_s, 2),
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
                "docx_1000_agencies_ms": round(docx_s * 1000, 1),
                "docx_raw_wordprocessingml_ms": round(raw_docx_s * 1000, 1),
                "healthz_page_ms": round(health_s * 1000, 2),
                "bloc_report_page_ms": round(page_s * 1000, 2),
                "rollup_page_ms": round(rollup_page_s * 1000, 2),
                "board_page_ms": round(board_s * 1000, 2),
                "bloc_report_page_cold_ms": round(cold["page"] * 1000, 2),
                "rollup_page_cold_ms": round(cold["rollup"] * 1000, 2),
                "board_page_cold_ms": round(cold["board"] * 1000, 2),
                "page_ratio_cold": round(cold["page"] / (bare_s + health_s), 2),
                "rollup_ratio_page_cold": round(cold["rollup"] / (bare_rollup_s + health_s), 2),
                "board_ratio_cold": round(cold["board"] / (bare_board_s + health_s), 2),
                "board_bare_sql_ms": round(bare_board_s * 1000, 2),
                "board_agencies": board_rows,
                **upload["details"],
                "password_hasher": settings.PASSWORD_HASHERS[0],
            },
        }

    # --- pages, upload, grid, login ------------------------------------------------------

    @staticmethod
    def bench_user(username, **fields) -> User:
        user, _created = User.objects.update_or_create(username=username, defaults=fields)
        return user

    @staticmethod
    def client_for(user) -> Client:
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")), "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        return client

    @staticmethod
    def get(client, url):
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}.")
        return response

    def bare_board(self, period):
        """The board's numbers in hand-written SQL: every member agency of the province's blocs
        that year with its submission and its sums per status."""
        m, b, a = Membership._meta.db_table, Bloc._meta.db_table, Agency._meta.db_table
        s, r = Submission._meta.db_table, AwardRecord._meta.db_table
        sums = ", ".join(
            f"COALESCE(SUM(CASE WHEN r.status = '{status}' THEN r.{c} END), 0)"
            for status in STATUSES
            for c in ("collectives", "individuals")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.agency_id, a.name, b.id, b.name, m.role, s.id, s.state, s.updated_at, s.submitted_at, "
                f"{sums} "
                f"FROM {m} m JOIN {b} b ON b.id = m.bloc_id JOIN {a} a ON a.id = m.agency_id "
                f"LEFT JOIN {s} s ON s.agency_id = m.agency_id AND s.period_id = %s "
                f"LEFT JOIN {r} r ON r.agency_id = m.agency_id AND r.period_id = %s "
                f"WHERE b.province_id = %s AND m.year = %s "
                f"GROUP BY m.id, m.agency_id, a.name, b.id, b.name, b.number, m.role, s.id, s.state, s.updated_at, "
                f"s.submitted_at ORDER BY b.number, b.name, a.name",
                [period.id, period.id, period.province_id, period.year],
            )
            return cursor.fetchall()

    def upload_case(self):
        """An agency of its own province (`bench-upload`) with an open period and its officer,
        and a filled template of `upload_rows` distinct rows."""
        province, _created = Province.objects.get_or_create(
            code=UPLOAD_PROVINCE, defaults={"name": "Tỉnh thử nghiệm tải lên"}
        )
        agency, _created = Agency.objects.get_or_create(province=province, name="Cơ quan tải lên")
        period = ReportingPeriod.objects.filter(province=province, year=LAST_YEAR, kind="h1").first()
        if period is None:
            period = benchmark_data.new_period(province, LAST_YEAR, "h1")
            period.save()
        officer = self.bench_user("bench-officer", role=User.Role.OFFICER, agency=agency)
        forms = [f for f in award_selectors.award_forms() if f.allows_collectives and f.allows_individuals]
        records = [
            AwardRecord(form=forms[i % len(forms)], authority=f"Cơ quan cấp {i:04d}", collectives=1, individuals=i % 7)
            for i in range(self.upload_rows)
        ]
        data = excel.build_template(
            agency=agency,
            period=period,
            version=0,
            records=records,
            forms_list=award_selectors.award_forms(),
            authorities=award_selectors.authority_names(),
            movements=award_selectors.movements_of(province.id),
        )
        return agency, period, officer, data

    def measure_upload(self) -> dict:
        agency, period, officer, data = self.upload_case()
        forms_list = award_selectors.award_forms()
        movements = award_selectors.movements_of(period.province_id)

        def reset():
            benchmark_data.drop_submissions(period)

        def upload():
            parsed = excel.parse_upload(
                name="bao-cao.xlsx",
                content_type=None,
                data=data,
                agency=agency,
                period=period,
                forms_list=forms_list,
                movements=movements,
            )
            services.save_submission(
                agency=agency, period=period, rows=parsed.rows, version=parsed.version, actor=officer
            )

        def bare_read():
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            for ws in wb.worksheets:
                for _row in ws.iter_rows(values_only=True):
                    pass
            wb.close()

        upload_s = best_seconds(upload, self.repeat, setup=reset)
        bare_s = best_seconds(bare_read, self.repeat)
        saved = AwardRecord.objects.filter(period=period).count()
        if saved != self.upload_rows:
            raise CommandError(f"The upload saved {saved} rows, not {self.upload_rows}.")

        client = self.client_for(officer)
        grid_url = reverse("awards:grid", args=[period.pk, agency.pk])
        grid_s = best_seconds(lambda: self.get(client, grid_url), self.repeat)
        grid_bytes = len(self.get(client, grid_url).content)
        Submission.objects.filter(period=period, agency=agency).update(state=Submission.State.SUBMITTED)
        dataversion.bump()
        table_s = best_seconds(lambda: self.get(client, grid_url), self.repeat)
        table_bytes = len(self.get(client, grid_url).content)
        reset()
        return {
            "upload_ratio": round(upload_s / bare_s, 2),
            "grid_ratio": round(grid_s / table_s, 2),
            "details": {
                "upload_rows": self.upload_rows,
                "upload_ms": round(upload_s * 1000, 1),
                "upload_bare_openpyxl_read_ms": round(bare_s * 1000, 1),
                "grid_page_ms": round(grid_s * 1000, 1),
                "grid_page_bytes": grid_bytes,
                "grid_read_only_page_ms": round(table_s * 1000, 1),
                "grid_read_only_page_bytes": table_bytes,
            },
        }

    def measure_login(self) -> float:
        """One password check with the configured hasher (the CPU a login costs)."""
        encoded = make_password("mat-khau-thu-nghiem-2026")
        return best_seconds(lambda: check_password("mat-khau-thu-nghiem-2026", encoded), min(5, self.repeat))

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
    def plain_docx(tables, header) -> bytes:
        """The floor the .docx is compared to: the header lines and the same tables written as
        raw WordprocessingML (strings joined, escaped, zipped), without python-docx, with the
        markup each cell needs in print: table borders and grid, the header rows repeated,
        cell widths, alignment and font size."""
        sz = '<w:sz w:val="22"/>'

        def para(text, align="left", bold=False):
            b = "<w:b/>" if bold else ""
            return (
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
                f'<w:r><w:rPr>{b}{sz}</w:rPr><w:t xml:space="preserve">{xml_escape(str(text))}</w:t></w:r></w:p>'
            )

        def row(values, aligns, header=False):
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="600" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f"{para('' if v is None else v, a, bold=header)}</w:tc>"
                for v, a in zip(values, aligns, strict=True)
            )
            head = "<w:tblHeader/>" if header else ""
            return f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>"

        edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
        borders = "".join(f"<w:{e} {edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
        body = [para(t) for t in (header.issuer_parent, header.issuer, header.number, header.place_date)]
        body += [para(header.title, "center", True), para(header.subtitle, "center", True)]
        for table in tables:
            body.append(para(table.title, bold=True))
            aligns = ["right" if c.numeric else "left" for c in table.columns]
            grid = [[None] * len(table.columns) for _ in range(table.depth)]
            for hc in table.header_cells():
                grid[hc.row][hc.col] = hc.label
            rows = [row(r, ["center"] * len(r), header=True) for r in grid] + [row(r, aligns) for r in table.rows]
            if table.total is not None:
                rows.append(row(table.total, aligns))
            columns = "".join('<w:gridCol w:w="600"/>' for _ in table.columns)
            body.append(
                f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
                f"</w:tblPr><w:tblGrid>{columns}</w:tblGrid>{''.join(rows)}</w:tbl>"
            )
        document = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{''.join(body)}</w:body></w:document>"
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                'document.main+xml"/></Types>',
            )
            z.writestr(
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
            )
            z.writestr("word/document.xml", document)
        return buf.getvalue()

    @staticmethod
    def page_queries(bloc, year) -> int:
        """Queries of the report page (view and template) for an administrator, its rows computed
        (not read from the report cache)."""
        caches["reports"].clear()
        user = User(username="benchmark", role=User.Role.ADMIN, is_superuser=True, is_staff=True)
        request = RequestFactory().get(f"/reports/bloc/{bloc.pk}/{year}/year/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            response = views.bloc_report(request, pk=bloc.pk, year=year, period="year")
        if response.status_code != 200:
            raise CommandError(f"The report page answered {response.status_code}.")
        return len(queries)
