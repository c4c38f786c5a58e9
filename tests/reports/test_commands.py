import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.reports.factories import bac_giang_h1_2022
from tests.reports.readers import docx_document, xlsx_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return bac_giang_h1_2022()


def _export(command, **kwargs):
    out = io.StringIO()
    call_command(command, stdout=out, **kwargs)
    return out.getvalue()


def test_export_report_writes_each_format(case, tmp_path):
    for fmt in ("html", "xlsx", "docx"):
        path = tmp_path / f"report.{fmt}"
        _export("export_report", bloc=case["bloc"].pk, year=2022, period="h1", fmt=fmt, output=str(path))
        assert path.stat().st_size > 1000
    assert "205" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (
        len(xlsx_sheets((tmp_path / "report.xlsx").read_bytes()).worksheets) == 6
    )  # the document's text, then one sheet per table
    assert docx_document((tmp_path / "report.docx").read_bytes()).tables


def test_export_rollup_writes_xlsx_and_docx(case, tmp_path):
    for fmt in ("xlsx", "docx"):
        path = tmp_path / f"rollup.{fmt}"
        _export("export_rollup", province=case["province"].pk, year=2022, period="h1", fmt=fmt, output=str(path))
        assert path.read_bytes()[:2] == b"PK"
    ws = xlsx_sheets((tmp_path / "rollup.xlsx").read_bytes()).worksheets[1]
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert total[4:6] == (7, 4) and total[14:16] == (205, 437)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bloc": 999999}, "No bloc with id 999999"),
        ({"year": 3000}, "--year must be between 1945 and 2200"),
        ({"output": "/nonexistent-folder/x.xlsx"}, "does not exist"),
    ],
)
def test_export_report_bad_arguments_are_command_errors(case, tmp_path, kwargs, message):
    args = {"bloc": case["bloc"].pk, "year": 2022, "period": "h1", "fmt": "xlsx", "output": str(tmp_path / "x.xlsx")}
    args.update(kwargs)
    with pytest.raises(CommandError, match=message):
        call_command("export_report", **args)
    assert not (tmp_path / "x.xlsx").exists()


def test_export_commands_reject_unknown_choices(case, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'h2'"):
        call_command(
            "export_report",
            "--bloc", str(case["bloc"].pk), "--year", "2022", "--period", "h2", "--format", "xlsx",
            "--output", str(tmp_path / "x"),
        )  # fmt: skip
    with pytest.raises(CommandError, match="invalid choice: 'html'"):
        call_command(
            "export_rollup",
            "--province", str(case["province"].pk), "--year", "2022", "--period", "h1", "--format", "html",
            "--output", str(tmp_path / "x"),
        )  # fmt: skip
    with pytest.raises(CommandError, match="No province with id 424242"):
        call_command(
            "export_rollup", province=424242, year=2022, period="h1", fmt="xlsx", output=str(tmp_path / "x.xlsx")
        )


def test_list_blocs_without_roster_has_empty_year_range(case):
    from tests.factories import BlocFactory

    empty = BlocFactory(province=case["province"], name="Khối mới")
    lines = _export("list_blocs").splitlines()
    assert f"{empty.pk}\tBắc Giang\t\tKhối mới" in lines
    assert f"{case['bloc'].pk}\tBắc Giang\t2022\tKhối thi đua các cơ quan Nội chính tỉnh Bắc Giang" in lines


BENCH = {"scale": "province", "rows": 40, "wide": 3, "json": True, "repeat": 1, "upload_rows": 12}


def test_benchmark_smoke_prints_the_json_keys(tmp_path):
    """A tiny run of the benchmark (not the benchmark itself): it builds, measures and reuses."""
    import json

    out = _export("benchmark_reports", **BENCH)
    result = json.loads(out)
    assert {
        "bloc_report_ratio", "rollup_ratio", "xlsx_ratio", "export_peak_mb", "queries_small", "queries_large",
        "page_ratio", "rollup_ratio_page", "board_ratio", "upload_ratio", "grid_ratio", "login_ms", "docx_ratio",
    } <= result.keys()  # fmt: skip
    ratios = ("page_ratio", "rollup_ratio_page", "board_ratio", "upload_ratio", "grid_ratio", "docx_ratio")
    assert all(result[k] > 0 for k in ratios)
    assert result["queries_small"] == result["queries_large"]
    assert result["details"]["rows"] == 40 + 4 * 5 * 2
    assert result["details"]["upload_rows"] == 12
    dims = result["details"]["dims"]  # the board: every bloc of the dataset, the bloc of 1 and the wide bloc
    assert result["details"]["board_agencies"] == dims["blocs"] * dims["agencies"] + 1 + 3
    assert result["details"]["grid_page_bytes"] > result["details"]["grid_read_only_page_bytes"] > 0
    again = json.loads(_export("benchmark_reports", **BENCH))
    assert again["details"]["rows"] == result["details"]["rows"]
    with pytest.raises(CommandError, match="--rows must be a positive number"):
        call_command("benchmark_reports", scale="province", rows=0)


def test_benchmark_raw_docx_floor_is_a_document_with_the_same_cells(case):
    """The docx_ratio's floor opens in python-docx and holds the report's cells."""
    import io

    from docx import Document

    from reports import exports, selectors
    from reports.management.commands.benchmark_reports import Command
    from reports.tables import bloc_report_tables

    report = selectors.bloc_report(bloc=case["bloc"], year=2022, kind="h1")
    tables = bloc_report_tables(report)
    data = Command.plain_docx(tables, exports.bloc_report_exporter(report).header)
    document = Document(io.BytesIO(data))
    assert len(document.tables) == len(tables)
    texts = {cell.text for row in document.tables[0].rows for cell in row.cells}
    assert {str(v) for v in tables[0].rows[0] if v is not None} <= texts


def test_export_report_names_the_file_in_transliterated_vietnamese(case, tmp_path):
    out = _export("export_report", bloc=case["bloc"].pk, year=2022, period="h1", fmt="docx", output=str(tmp_path))
    path = tmp_path / "bao-cao-so-ket-6-thang-2022-khoi-thi-dua-cac-co-quan-noi-chinh-tinh-bac-giang.docx"
    assert out.strip() == str(path) and path.exists()


def test_benchmark_refuses_a_database_with_other_data_unless_forced(case):
    from awards.models import AwardRecord

    province = case["bloc"].province
    before = AwardRecord.objects.count()
    real = sorted(AwardRecord.objects.filter(period__province=province).values_list("id", "individuals"))
    with pytest.raises(CommandError, match="holds data that is not the benchmark's"):
        call_command("benchmark_reports", **BENCH)
    assert AwardRecord.objects.count() == before  # nothing written
    result = json.loads(_export("benchmark_reports", force=True, **BENCH))
    assert result["details"]["rows"] == 40 + 4 * 5 * 2
    # forced, it writes its own dataset beside the real rows and leaves those alone
    assert sorted(AwardRecord.objects.filter(period__province=province).values_list("id", "individuals")) == real
