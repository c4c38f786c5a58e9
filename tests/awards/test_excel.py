"""The xlsx round trip (download, fill with openpyxl, upload, same figures) and a suite of bad
files, each refused with nothing written."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards import excel
from awards.models import AwardRecord, ReportingPeriod, Submission
from tests.awards.factories import period, row, save

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _snapshot():
    return (
        sorted(
            AwardRecord.objects.values_list(
                "agency_id", "form__code", "authority", "status", "collectives", "individuals"
            )
        ),
        sorted(Submission.objects.values_list("agency_id", "state", "version")),
    )


def _urls(world, agency_index=2, p=None):
    args = [(p or world["period"]).pk, world["agencies"][agency_index].pk]
    return reverse("awards:template", args=args), reverse("awards:upload", args=args)


def _download(client, world, **kwargs) -> bytes:
    url, _upload = _urls(world, **kwargs)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def _fill(content: bytes, rows: list[list], *, start=excel.FIRST_ROW) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, start=start):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c).value = value  # cell(value=None) would leave the cell as it was
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, world, data: bytes, *, name="so-lieu.xlsx", content_type=XLSX, **kwargs):
    _template, url = _urls(world, **kwargs)
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type=content_type)})


@pytest.fixture
def officer_client(client, world):
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=3)])  # version 1
    client.force_login(world["officer"])
    return client


# --- Download --------------------------------------------------------------------------------


def test_template_is_prefilled_protected_and_identified(officer_client, world):
    wb = load_workbook(io.BytesIO(_download(officer_client, world)))
    assert wb.sheetnames == ["Số liệu", "Danh mục", "Hướng dẫn", "_meta"]
    ws = wb["Số liệu"]
    assert ws.cell(row=2, column=1).value == "Cơ quan, đơn vị: Cơ quan C"
    assert [ws.cell(row=excel.HEADER_ROW, column=c).value for c in range(1, 6)] == [
        "Hình thức khen thưởng",
        "Cấp/người quyết định khen thưởng",
        "Tình trạng",
        "Số tập thể",
        "Số cá nhân",
    ]
    assert [ws.cell(row=excel.FIRST_ROW, column=c).value for c in range(1, 6)] == [
        "Kỷ niệm chương",
        "Thủ trưởng cơ quan, đơn vị",
        "Được tặng",
        0,
        3,
    ]
    # headers locked, data cells open, the sheet protected
    assert ws.protection.sheet is True
    assert ws.cell(row=excel.HEADER_ROW, column=1).protection.locked is True
    assert ws.cell(row=excel.FIRST_ROW + 10, column=4).protection.locked is False
    # drop-down lists for form, authority and status; whole numbers for the counts
    validations = {(dv.type, str(dv.sqref).split(":")[0]) for dv in ws.data_validations.dataValidation}
    assert ("list", f"A{excel.FIRST_ROW}") in validations
    assert ("list", f"B{excel.FIRST_ROW}") in validations
    assert ("list", f"C{excel.FIRST_ROW}") in validations
    assert ("whole", f"D{excel.FIRST_ROW}") in validations
    lists = wb["Danh mục"]
    assert lists.cell(row=2, column=1).value == "Huân chương Sao vàng"
    assert "Chủ tịch UBND tỉnh" in [lists.cell(row=r, column=5).value for r in range(2, 30)]
    meta = wb["_meta"]
    assert meta.sheet_state == "veryHidden"
    assert [meta.cell(row=r, column=2).value for r in range(1, 5)] == [
        excel.TEMPLATE_MARK,
        world["agencies"][2].id,
        world["period"].id,
        1,
    ]
    assert "HƯỚNG DẪN" in wb["Hướng dẫn"].cell(row=1, column=1).value


def test_template_cells_are_inert(officer_client, world):
    save(
        world["agencies"][2],
        world["period"],
        [row(collectives=1, authority='=HYPERLINK("http://x")'), row("ky-niem-chuong", individuals=3)],
    )
    ws = load_workbook(io.BytesIO(_download(officer_client, world))).worksheets[0]
    cells = [ws.cell(row=r, column=2) for r in (excel.FIRST_ROW, excel.FIRST_ROW + 1)]
    [cell] = [c for c in cells if c.value == '=HYPERLINK("http://x")']
    assert cell.data_type == "s" and cell.quotePrefix


def test_text_starting_with_an_equals_sign_comes_back_as_text_and_a_typed_formula_is_refused(officer_client, world):
    """The template marks such text quote-prefixed; the upload reads the cells' styles only when
    a value starts with "=", and tells that text from a formula the user typed."""
    agency, period = world["agencies"][2], world["period"]
    save(agency, period, [row(collectives=1, authority='=HYPERLINK("http://x")')])
    content = _download(officer_client, world)
    assert _upload(officer_client, world, content).status_code == 302
    record = AwardRecord.objects.get(submission__agency=agency, submission__period=period)
    assert record.authority == '=HYPERLINK("http://x")'
    wb = load_workbook(io.BytesIO(content))
    wb.worksheets[0].cell(row=excel.FIRST_ROW, column=4).value = "=2*3"  # a formula, not text
    out = io.BytesIO()
    wb.save(out)
    response = _upload(officer_client, world, out.getvalue())
    assert response.status_code == 200
    assert "Không dùng công thức" in response.content.decode()
    assert AwardRecord.objects.get(pk=record.pk).collectives == 1


def test_home_affairs_may_upload_and_leader_only_download(client, world):
    client.force_login(world["ha"])
    _download(client, world)
    _template, url = _urls(world)
    assert client.get(url).status_code == 200
    client.force_login(world["leader_officer"])
    _download(client, world)
    assert client.get(url).status_code == 403
    client.force_login(world["officer_same_bloc"])
    assert client.get(_urls(world)[0]).status_code == 404


# --- Round trip ------------------------------------------------------------------------------


def test_round_trip_download_fill_upload_same_figures(officer_client, world):
    content = _fill(
        _download(officer_client, world),
        [
            [
                "Giấy khen",
                "Viện trưởng Viện Kiểm sát nhân dân tỉnh",
                "Được tặng",
                14,
                39,
                "25/QĐ-VKS",
                datetime.datetime(2022, 5, 10),
                "phong trào thi đua theo đợt, chuyên đề",
                "ghi chú",
            ],
            ["bang-khen-bo-tinh", "Chủ tịch UBND tỉnh", "Đề nghị", 1, 1],
        ],
        start=excel.FIRST_ROW + 1,
    )
    response = _upload(officer_client, world, content)
    assert response.status_code == 302, response.content.decode()[-3000:]
    records = {
        (r.form.code, r.authority, r.status): (r.collectives, r.individuals, r.decision_number, r.decision_date)
        for r in AwardRecord.objects.select_related("form")
    }
    assert records == {
        ("ky-niem-chuong", "Thủ trưởng cơ quan, đơn vị", "granted"): (0, 3, "", None),
        ("giay-khen", "Viện trưởng Viện Kiểm sát nhân dân tỉnh", "granted"): (
            14,
            39,
            "25/QĐ-VKS",
            datetime.date(2022, 5, 10),
        ),
        ("bang-khen-bo-tinh", "Chủ tịch UBND tỉnh", "proposed"): (1, 1, "", None),
    }
    assert AwardRecord.objects.get(form__code="giay-khen").movement_name == "phong trào thi đua theo đợt, chuyên đề"
    sub = Submission.objects.get()
    assert (sub.state, sub.version) == ("draft", 2)
    # downloaded again, the figures come back the same
    ws = load_workbook(io.BytesIO(_download(officer_client, world))).worksheets[0]
    got = sorted(
        (ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value, ws.cell(row=r, column=5).value)
        for r in range(excel.FIRST_ROW, excel.FIRST_ROW + 3)
    )
    assert got == [
        ("Bằng khen cấp bộ, ban, ngành, tỉnh", 1, 1),
        ("Giấy khen", 14, 39),
        ("Kỷ niệm chương", 0, 3),
    ]


def test_rows_removed_from_the_file_are_deleted(officer_client, world):
    content = _fill(_download(officer_client, world), [[None, None, None, None, None]])
    content = _fill(content, [["Giấy khen", "Giám đốc", "Được tặng", 2, 0]], start=excel.FIRST_ROW + 3)
    assert _upload(officer_client, world, content).status_code == 302
    assert list(AwardRecord.objects.values_list("form__code", "collectives")) == [("giay-khen", 2)]


def test_import_command_round_trip(officer_client, world, tmp_path):
    content = _fill(
        _download(officer_client, world), [["Giấy khen", "Chánh án", "Được tặng", 0, 29]], start=excel.FIRST_ROW + 1
    )
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_counts", str(path), agency=world["agencies"][2].id, period=world["period"].id, stdout=out)
    assert "2" in out.getvalue()
    assert sorted(AwardRecord.objects.values_list("form__code", "individuals")) == [
        ("giay-khen", 29),
        ("ky-niem-chuong", 3),
    ]


def test_import_command_lists_errors_and_writes_nothing(officer_client, world, tmp_path):
    content = _fill(
        _download(officer_client, world),
        [["Giấy khen", "Chánh án", "Được tặng", "mười", -2]],
        start=excel.FIRST_ROW + 1,
    )
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(content)
    before = _snapshot()
    with pytest.raises(CommandError) as exc:
        call_command("import_counts", str(path), agency=world["agencies"][2].id, period=world["period"].id)
    text = str(exc.value)
    assert "Trang “Số liệu”, dòng 7, cột D (Số tập thể)" in text
    assert "Trang “Số liệu”, dòng 7, cột E (Số cá nhân): Số lượng không được âm." in text
    assert _snapshot() == before


def test_import_command_for_another_period_refused(officer_client, world, tmp_path):
    other = period(world["province"], kind=ReportingPeriod.Kind.YEAR)
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(_download(officer_client, world))
    with pytest.raises(CommandError, match="kỳ báo cáo khác"):
        call_command("import_counts", str(path), agency=world["agencies"][2].id, period=other.id)


def test_stale_template_refused_with_changes(officer_client, world):
    content = _fill(
        _download(officer_client, world), [["Giấy khen", "Chánh án", "Được tặng", 0, 29]], start=excel.FIRST_ROW + 1
    )
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=5)])  # someone saves meanwhile
    before = _snapshot()
    response = _upload(officer_client, world, content)
    html = response.content.decode()
    assert "Người khác đã lưu báo cáo này" in html
    assert "Sửa: Kỷ niệm chương" in html
    assert _snapshot() == before


# --- Bad files -------------------------------------------------------------------------------


def _with_member(content: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def _plain_workbook() -> bytes:
    wb = Workbook()
    wb.active["A6"] = "Giấy khen"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BAD_FILES = {
    "csv-extension": (lambda good: (b"a,b\n1,2\n", "so-lieu.csv", "text/csv"), "Hãy tải lên tệp Excel có đuôi .xlsx."),
    "wrong-content-type": (lambda good: (good, "so-lieu.xlsx", "text/plain"), "không phải sổ tính Excel"),
    "not-a-zip": (lambda good: (b"this is not a workbook", "so-lieu.xlsx", XLSX), "bị hỏng hoặc không phải"),
    "truncated": (lambda good: (good[: len(good) // 2], "so-lieu.xlsx", XLSX), "bị hỏng hoặc không phải"),
    "xlsm-extension": (lambda good: (good, "so-lieu.xlsm", XLSX), "Không nhận sổ tính có macro"),
    "vba-project": (
        lambda good: (_with_member(good, "xl/vbaProject.bin", b"\x00" * 100), "so-lieu.xlsx", XLSX),
        "Không nhận sổ tính có macro",
    ),
    "zip-bomb": (
        lambda good: (_with_member(good, "xl/media/padding.bin", b"\x00" * (30 * 1024 * 1024)), "so-lieu.xlsx", XLSX),
        "giải nén ra hơn 25 MB",
    ),
    "too-big": (lambda good: (good + b"\x00" * (5 * 1024 * 1024), "so-lieu.xlsx", XLSX), "lớn hơn 5 MB"),
    "not-our-template": (lambda good: (_plain_workbook(), "so-lieu.xlsx", XLSX), "không phải biểu mẫu tải từ"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_refused_nothing_written(officer_client, world, case):
    make, message = BAD_FILES[case]
    data, name, content_type = make(_download(officer_client, world))
    before = _snapshot()
    response = _upload(officer_client, world, data, name=name, content_type=content_type)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="upload-errors"' in html
    assert message in html
    assert _snapshot() == before


def test_template_of_another_agency_refused(client, world):
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=3)])
    client.force_login(world["admin"])
    content = _fill(_download(client, world, agency_index=1), [["Giấy khen", "Chánh án", "Được tặng", 1, 1]])
    before = _snapshot()
    response = _upload(client, world, content, agency_index=2)
    assert "lập cho cơ quan, đơn vị khác" in response.content.decode()
    assert _snapshot() == before


def test_template_of_another_period_refused(officer_client, world):
    other = period(world["province"], kind=ReportingPeriod.Kind.YEAR)
    content = _download(officer_client, world)
    before = _snapshot()
    response = _upload(officer_client, world, content, p=other)
    assert "kỳ báo cáo khác" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            ["Giấy khen", "Chánh án", "Được tặng", "mười", 1],
            "Trang “Số liệu”, dòng 7, cột D (Số tập thể): Nhập số nguyên, không nhập chữ (“mười”).",
        ),
        (
            ["Giấy khen", "Chánh án", "Được tặng", -5, 1],
            "Trang “Số liệu”, dòng 7, cột D (Số tập thể): Số lượng không được âm.",
        ),
        (
            ["Giấy khen", "Chánh án", "Được tặng", 1.5, 1],
            "Trang “Số liệu”, dòng 7, cột D (Số tập thể): Nhập một số nguyên.",
        ),
        (
            ["Huân chương Mặt Trăng", "Chánh án", "Được tặng", 1, 1],
            "Trang “Số liệu”, dòng 7, cột A (Hình thức khen thưởng): "
            "Không có hình thức khen thưởng “Huân chương Mặt Trăng”",
        ),
        (
            ["Giấy khen", "Chánh án", "Chắc chắn", 1, 1],
            "Trang “Số liệu”, dòng 7, cột C (Tình trạng): Không rõ tình trạng “Chắc chắn”",
        ),
        (
            ["Chiến sĩ thi đua cơ sở", "Chánh án", "Được tặng", 2, 0],
            "Trang “Số liệu”, dòng 7, cột D (Số tập thể): “Chiến sĩ thi đua cơ sở” không dùng để khen thưởng tập thể.",
        ),
        (
            ["Giấy khen", "Chánh án", "Được tặng", 0, 0],
            "Trang “Số liệu”, dòng 7: Nhập ít nhất một tập thể hoặc một cá nhân.",
        ),
        (
            ["Giấy khen", "Chánh án", "Được tặng", "=1+1", 1],
            "Trang “Số liệu”, dòng 7, cột D (Số tập thể): Không dùng công thức",
        ),
        (
            ["Giấy khen", "Chánh án", "Được tặng", 1, 1, "", "32/13/2022"],
            "Trang “Số liệu”, dòng 7, cột G (Ngày quyết định (dd/mm/yyyy)): Ghi ngày theo dạng dd/mm/yyyy.",
        ),
        (
            ["Kỷ niệm chương", "Thủ trưởng cơ quan, đơn vị", "Được tặng", 1, 0],
            "Trang “Số liệu”, dòng 7: Trùng hình thức, cấp khen thưởng và tình trạng với dòng 6",
        ),
    ],
    ids=[
        "text",
        "negative",
        "fraction",
        "unknown-form",
        "unknown-status",
        "not-for-collectives",
        "empty",
        "formula",
        "bad-date",
        "duplicate",
    ],
)
def test_bad_cell_refused_by_sheet_row_column(officer_client, world, values, message):
    content = _fill(_download(officer_client, world), [values], start=excel.FIRST_ROW + 1)
    before = _snapshot()
    response = _upload(officer_client, world, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before


def test_all_errors_listed_and_no_row_written(officer_client, world):
    content = _fill(
        _download(officer_client, world),
        [
            ["Giấy khen", "A", "Được tặng", 1, 1],  # fine
            ["Giấy khen", "B", "Được tặng", "abc", 1],
            ["Không có", "C", "Được tặng", 1, 1],
        ],
        start=excel.FIRST_ROW + 1,
    )
    before = _snapshot()
    response = _upload(officer_client, world, content)
    errors = response.context["errors"]
    assert [e.split(":")[0] for e in errors] == [
        "Trang “Số liệu”, dòng 8, cột D (Số tập thể)",
        "Trang “Số liệu”, dòng 9, cột A (Hình thức khen thưởng)",
    ]
    assert _snapshot() == before


def test_cell_and_rule_errors_listed_in_one_pass(officer_client, world):
    content = _fill(
        _download(officer_client, world),
        [
            ["Chiến sĩ thi đua cơ sở", "A", "Được tặng", 2, 0],  # rule: individuals only
            ["Giấy khen", "B", "Được tặng", "abc", 1],  # cell: text in a count
            ["Giấy khen", "C", "Được tặng", 1, 1, "", datetime.date(2022, 9, 1)],  # rule: outside H1
            ["Kỷ niệm chương", "Thủ trưởng cơ quan, đơn vị", "Được tặng", 1, 0],  # rule: same key as row 6
            ["Không có", "D", "Chắc chắn", 1, 1],  # two cell errors on one row
        ],
        start=excel.FIRST_ROW + 1,
    )
    before = _snapshot()
    response = _upload(officer_client, world, content)
    assert [e.split(":")[0] for e in response.context["errors"]] == [
        "Trang “Số liệu”, dòng 7, cột D (Số tập thể)",
        "Trang “Số liệu”, dòng 8, cột D (Số tập thể)",
        "Trang “Số liệu”, dòng 9, cột G (Ngày quyết định (dd/mm/yyyy))",
        "Trang “Số liệu”, dòng 10",
        "Trang “Số liệu”, dòng 11, cột A (Hình thức khen thưởng)",
        "Trang “Số liệu”, dòng 11, cột C (Tình trạng)",
    ]
    assert "không dùng để khen thưởng tập thể" in response.context["errors"][0]
    assert "Trùng hình thức, cấp khen thưởng và tình trạng với dòng 6" in response.context["errors"][3]
    assert _snapshot() == before


def test_upload_for_submitted_report_refused(officer_client, world):
    content = _download(officer_client, world)
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=3)], submit=True)
    response = _upload(officer_client, world, content)
    assert response.status_code == 403


def _reshape(content: bytes, change) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_sheet_inserted_before_the_data_is_refused_not_read(officer_client, world):
    save(world["agencies"][2], world["period"], [row("ky-niem-chuong", individuals=3)])
    content = _fill(_download(officer_client, world), [["Giấy khen", "Chánh án", "Được tặng", 1, 1]])

    def insert_first(wb):
        extra = wb.create_sheet("Nháp", 0)
        extra.cell(row=excel.FIRST_ROW, column=1).value = "Bằng khen"

    before = _snapshot()
    response = _upload(officer_client, world, _reshape(content, insert_first))
    html = response.content.decode()
    assert "Tệp có trang tính không thuộc biểu mẫu: “Nháp”" in html
    assert _snapshot() == before


def test_renamed_data_sheet_is_refused(officer_client, world):
    content = _download(officer_client, world)

    def rename(wb):
        wb["Số liệu"].title = "Dữ liệu"

    before = _snapshot()
    html = _upload(officer_client, world, _reshape(content, rename)).content.decode()
    assert "Không tìm thấy trang tính “Số liệu” của biểu mẫu" in html
    assert _snapshot() == before


def test_data_sheet_found_by_title_when_moved(officer_client, world):
    content = _fill(_download(officer_client, world), [["Giấy khen", "Chánh án", "Được tặng", 2, 5]])

    def move_last(wb):
        wb.move_sheet("Số liệu", offset=len(wb.sheetnames))

    response = _upload(officer_client, world, _reshape(content, move_last))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert AwardRecord.objects.filter(agency=world["agencies"][2], collectives=2, individuals=5).count() == 1


# --- Look-alike text and numbers in cells (#13) ---------------------------------------------

AUTHORITY = "UBND tỉnh Bắc Giang"
LOOKALIKES = {
    "nfd": "UBND ti\u0309nh Bă\u0301c Giang",
    "zero-width": "UBND tỉnh\u200b Bắc Giang",
    "rtl-override": "\u202eUBND tỉnh Bắc Giang\u202c",
    "fullwidth": "ＵＢＮＤ tỉnh Bắc Giang",
}


@pytest.mark.parametrize("variant", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_lookalike_authorities_in_one_upload_are_one_record_refused_as_duplicate(officer_client, world, variant):
    content = _fill(
        _download(officer_client, world),
        [["Giấy khen", AUTHORITY, "Được tặng", 1, 0], ["Giấy khen", variant, "Được tặng", 2, 0]],
        start=excel.FIRST_ROW + 1,
    )
    before = _snapshot()
    response = _upload(officer_client, world, content)
    assert response.context["errors"] == [
        "Trang “Số liệu”, dòng 8: Trùng hình thức, cấp khen thưởng và tình trạng với dòng 7: hãy cộng gộp vào một dòng."
    ]
    assert _snapshot() == before


@pytest.mark.parametrize("variant", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_lookalike_authority_is_stored_in_its_canonical_form(officer_client, world, variant):
    content = _fill(
        _download(officer_client, world), [["Giấy khen", variant, "Được tặng", 1, 0]], start=excel.FIRST_ROW + 1
    )
    response = _upload(officer_client, world, content)
    assert response.status_code == 302
    stored = AwardRecord.objects.filter(agency=world["agencies"][2], form__code="giay-khen")
    assert [r.authority for r in stored] == [AUTHORITY]


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("1_000", "Nhập số nguyên, không nhập chữ (“1_000”)."),
        ("١٢", "Nhập số nguyên, không nhập chữ (“١٢”)."),
        (str(2**31), "Số lượng không được vượt quá 1.000.000."),
        (str(2**63), "Số lượng không được vượt quá 1.000.000."),
        (2**31, "Số lượng không được vượt quá 1.000.000."),
    ],
)
def test_count_cells_take_ascii_digits_within_the_ceiling(officer_client, world, count, message):
    content = _fill(
        _download(officer_client, world), [["Giấy khen", "Chánh án", "Được tặng", count, 1]], start=excel.FIRST_ROW + 1
    )
    before = _snapshot()
    response = _upload(officer_client, world, content)
    assert response.context["errors"] == [f"Trang “Số liệu”, dòng 7, cột D (Số tập thể): {message}"]
    assert _snapshot() == before


@pytest.mark.parametrize(
    "day", ["01/01/0001", "31/12/9999", datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31)]
)
def test_decision_dates_of_any_year_are_refused(officer_client, world, day):
    content = _fill(
        _download(officer_client, world),
        [["Giấy khen", "Chánh án", "Được tặng", 1, 1, "1/QĐ", day]],
        start=excel.FIRST_ROW + 1,
    )
    before = _snapshot()
    response = _upload(officer_client, world, content)
    assert response.context["errors"] == [
        "Trang “Số liệu”, dòng 7, cột G (Ngày quyết định (dd/mm/yyyy)): Ngày quyết định phải nằm trong kỳ báo cáo, "
        "từ 01/01/2022 đến 30/06/2022."
    ]
    assert _snapshot() == before
