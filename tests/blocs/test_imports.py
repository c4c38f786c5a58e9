"""Importing the bloc division from .xlsx: the template round trip, the refusals (named by sheet,
row and column, nothing written), a second import that changes nothing, and the command."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from blocs import imports, services
from blocs.models import Agency, Bloc, Membership
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory
from tests.security.test_bad_input_corpus import db_snapshot

pytestmark = pytest.mark.django_db

HEADERS = ["Tên khối", "Loại", "Số", "Cơ quan, đơn vị", "Loại cơ quan", "Vai trò"]
NOI_CHINH = "Khối thi đua Nội chính"
ROWS = [
    (NOI_CHINH, "khối", 1, "Công an tỉnh", "Lực lượng vũ trang (công an, quân sự, biên phòng)", "Trưởng khối"),
    (NOI_CHINH, "khối", 1, "Viện Kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân", "Phó khối"),
    (NOI_CHINH, "khối", 1, "Tòa án nhân dân tỉnh", "Tòa án nhân dân", "Thành viên"),
    (NOI_CHINH, "khối", 1, "Trại giam Kim Sơn", "Trại giam", ""),
    ("Cụm thi đua số 2", "cụm", 2, "Sở Tư pháp", "Sở, ban, ngành tỉnh", "Trưởng khối"),
    ("Cụm thi đua số 2", "cụm", 2, "Đài Phát thanh và Truyền hình", "", "Thành viên"),
]


def workbook(rows, *, headers=HEADERS, title="Phân khối") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def province():
    return ProvinceFactory(name="Hà Tĩnh", code="ha-tinh")


def do_import(province, data, year=2026):
    rows = imports.parse_division(data, name="phan-khoi.xlsx")
    return services.import_division(province=province, year=year, rows=rows)


def errors_of(data, province=None, year=2026):
    try:
        rows = imports.parse_division(data, name="phan-khoi.xlsx")
    except imports.DivisionInvalid as exc:
        return exc.errors
    return imports.plan_division(province=province, year=year, rows=rows).errors


def roster_of(province, year=2026):
    return {
        (m.bloc.name, m.agency.name, m.role, m.deputy_slot)
        for m in Membership.objects.filter(bloc__province=province, year=year).select_related("bloc", "agency")
    }


def test_import_creates_agencies_blocs_and_rosters(province):
    plan = do_import(province, workbook(ROWS))
    assert len(plan.new_agencies) == 6
    assert {(b.name, b.kind, b.number, b.max_deputies) for b in Bloc.objects.filter(province=province)} == {
        (NOI_CHINH, "khoi", 1, 1),
        ("Cụm thi đua số 2", "cum", 2, 1),
    }
    assert roster_of(province) == {
        (NOI_CHINH, "Công an tỉnh", "leader", None),
        (NOI_CHINH, "Viện Kiểm sát nhân dân tỉnh", "deputy", 1),
        (NOI_CHINH, "Tòa án nhân dân tỉnh", "member", None),
        (NOI_CHINH, "Trại giam Kim Sơn", "member", None),
        ("Cụm thi đua số 2", "Sở Tư pháp", "leader", None),
        ("Cụm thi đua số 2", "Đài Phát thanh và Truyền hình", "member", None),
    }
    kinds = dict(Agency.objects.filter(province=province).values_list("name", "kind"))
    assert kinds == {
        "Công an tỉnh": "armed_forces",
        "Viện Kiểm sát nhân dân tỉnh": "procuracy",
        "Tòa án nhân dân tỉnh": "court",
        "Trại giam Kim Sơn": "prison",
        "Sở Tư pháp": "department",
        "Đài Phát thanh và Truyền hình": "other",
    }


def test_second_import_of_the_same_file_changes_nothing(province):
    data = workbook(ROWS)
    do_import(province, data)
    before = db_snapshot()
    plan = imports.plan_division(province=province, year=2026, rows=imports.parse_division(data))
    assert plan.has_changes is False
    do_import(province, data)
    assert db_snapshot() == before


def test_template_round_trip(province):
    do_import(province, workbook(ROWS))
    template = imports.build_template(province=province, year=2026)
    wb = load_workbook(io.BytesIO(template))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == HEADERS
    assert [c.value for c in ws[2]] == [NOI_CHINH, "khối", 1, "Công an tỉnh", ws[2][4].value, "Trưởng khối"]
    assert wb["Hướng dẫn"]["A1"].value == "Cách điền bảng phân khối"
    # The pre-filled template imported into another year gives the same division there.
    other = ProvinceFactory(name="Quảng Trị")
    do_import(other, template, year=2027)
    assert roster_of(other, 2027) == roster_of(province, 2026)
    # And into its own year it changes nothing.
    before = db_snapshot()
    do_import(province, template)
    assert db_snapshot() == before


def test_empty_template_has_headers_lists_and_instructions():
    wb = load_workbook(io.BytesIO(imports.build_template()))
    assert wb.sheetnames == ["Phân khối", "Danh mục", "Hướng dẫn"]
    assert [c.value for c in wb["Phân khối"][1]] == HEADERS
    assert wb["Phân khối"].max_row == 1
    assert wb["Danh mục"].sheet_state == "hidden"


def test_agencies_matched_ignoring_case_spacing_and_unicode_form(province):
    existing = AgencyFactory(province=province, name="Tòa án nhân dân tỉnh")
    nfd = unicodedata.normalize("NFD", "  TÒA ÁN  nhân dân tỉnh ")
    assert nfd != existing.name
    do_import(province, workbook([(NOI_CHINH, "", "", nfd, "", "Trưởng khối")]))
    assert Agency.objects.filter(province=province).count() == 1
    assert roster_of(province) == {(NOI_CHINH, "Tòa án nhân dân tỉnh", "leader", None)}


def test_agency_of_another_province_is_not_matched(province):
    AgencyFactory(province=ProvinceFactory(name="Nghệ An"), name="Công an tỉnh")
    do_import(province, workbook([(NOI_CHINH, "", "", "Công an tỉnh", "", "")]))
    assert Agency.objects.filter(province=province, name="Công an tỉnh").count() == 1


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [ROWS[0], ROWS[1], (*ROWS[4][:3], "Công an tỉnh", "", "Thành viên")],
            "Trang “Phân khối”, dòng 4, cột D (Cơ quan, đơn vị): Công an tỉnh cũng thuộc “Khối thi đua Nội chính” "
            "(Trang “Phân khối”, dòng 2): mỗi cơ quan chỉ thuộc một khối trong một năm.",
        ),
        (
            [ROWS[0], (*ROWS[1][:5], "Trưởng khối")],
            "Trang “Phân khối”, dòng 3, cột F (Vai trò): “Khối thi đua Nội chính” đã có Trưởng khối là Công an tỉnh "
            "(Trang “Phân khối”, dòng 2).",
        ),
        (
            [ROWS[0], (*ROWS[1][:5], "Chủ tịch")],
            "Trang “Phân khối”, dòng 3, cột F (Vai trò): Vai trò “Chủ tịch” không hợp lệ: ghi Trưởng khối, "
            "Phó khối hoặc Thành viên.",
        ),
        (
            [ROWS[0], (NOI_CHINH, "", "", "  ", "", "Thành viên")],
            "Trang “Phân khối”, dòng 3, cột D (Cơ quan, đơn vị): Tên cơ quan, đơn vị đang để trống.",
        ),
        (
            [ROWS[0], ("", "", "", "Sở Y tế", "", "")],
            "Trang “Phân khối”, dòng 3, cột A (Tên khối): Tên khối đang để trống.",
        ),
        (
            [ROWS[0], (NOI_CHINH, "", "", '=HYPERLINK("http://x")', "", "")],
            "Trang “Phân khối”, dòng 3, cột D (Cơ quan, đơn vị): Không dùng công thức; hãy nhập giá trị.",
        ),
        (
            [ROWS[0], (NOI_CHINH, "nhóm", "", "Sở Y tế", "", "")],
            "Trang “Phân khối”, dòng 3, cột B (Loại): Loại “nhóm” không hợp lệ: ghi khối hoặc cụm.",
        ),
        (
            [ROWS[0], (NOI_CHINH, "", "sáu", "Sở Y tế", "", "")],
            "Trang “Phân khối”, dòng 3, cột C (Số): Ghi số của khối bằng số nguyên (ví dụ 6), hoặc để trống.",
        ),
    ],
    ids=[
        "agency-in-two-blocs",
        "two-leaders",
        "unknown-role",
        "empty-agency",
        "empty-bloc",
        "formula",
        "kind",
        "number",
    ],
)
def test_refused_file_names_sheet_row_column_and_writes_nothing(province, rows, expected):
    data = workbook(rows)
    before = db_snapshot()
    assert expected in errors_of(data, province)
    with pytest.raises((imports.DivisionInvalid, Exception)):
        do_import(province, data)
    assert db_snapshot() == before


def test_refused_file_lists_every_error(province):
    rows = [ROWS[0], (*ROWS[1][:5], "Trưởng khối"), (NOI_CHINH, "", "", "", "", "Khác")]
    assert len(errors_of(workbook(rows), province)) == 3


def test_more_than_three_deputies_refused(province):
    rows = [ROWS[0]] + [(NOI_CHINH, "", "", f"Sở {n}", "", "Phó khối") for n in "ABCD"]
    assert errors_of(workbook(rows), province) == [
        "Trang “Phân khối”, dòng 6, cột F (Vai trò): “Khối thi đua Nội chính” có hơn 3 Phó khối."
    ]


def test_not_a_workbook_refused(province):
    with pytest.raises(imports.DivisionInvalid) as exc:
        imports.parse_division(b"PK\x03\x04 not really a zip", name="a.xlsx")
    assert exc.value.errors == ["Tệp bị hỏng hoặc không phải sổ tính Excel .xlsx."]


def test_wrong_headers_refused(province):
    with pytest.raises(imports.DivisionInvalid) as exc:
        imports.parse_division(workbook(ROWS, headers=["Khối", "Cơ quan"]))
    assert exc.value.errors == [
        "Không trang nào có các cột Tên khối, Loại, Số, Cơ quan, đơn vị, Loại cơ quan, Vai trò ở dòng đầu."
    ]


def test_agency_ceased_before_the_year_refused_naming_successor(province):
    successor = AgencyFactory(province=province, name="Thi hành án dân sự tỉnh")
    AgencyFactory(
        province=province, name="Cục Thi hành án dân sự tỉnh", valid_to=datetime.date(2025, 6, 30), successor=successor
    )
    assert errors_of(workbook([(NOI_CHINH, "", "", "Cục Thi hành án dân sự tỉnh", "", "")]), province) == [
        "Trang “Phân khối”, dòng 2, cột D (Cơ quan, đơn vị): Cục Thi hành án dân sự tỉnh không còn (hoặc chưa) tồn tại "
        "trong năm 2026. "
        "Đơn vị kế tục là Thi hành án dân sự tỉnh."
    ]


def test_agency_in_a_bloc_not_in_the_file_refused(province):
    other = BlocFactory(province=province, name="Khối Văn hóa")
    agency = AgencyFactory(province=province, name="Sở Y tế")
    services.set_roster(bloc=other, year=2026, agencies=[agency])
    assert errors_of(workbook([(NOI_CHINH, "", "", "Sở Y tế", "", "")]), province) == [
        "Trang “Phân khối”, dòng 2, cột D (Cơ quan, đơn vị): Sở Y tế đã là thành viên của “Khối Văn hóa” "
        "năm 2026, một khối không có trong tệp này."
    ]


def test_import_moves_an_agency_between_blocs_and_changes_roles(province):
    do_import(province, workbook(ROWS))
    moved = [
        ROWS[0],
        (*ROWS[2][:5], "Phó khối"),  # Tòa án becomes deputy
        ROWS[3],
        ROWS[4],
        ROWS[5],
        ("Cụm thi đua số 2", "cụm", 2, "Viện Kiểm sát nhân dân tỉnh", "", "Phó khối"),  # moves to the cluster
    ]
    plan = do_import(province, workbook(moved))
    assert [b.removed for b in plan.blocs] == [["Viện Kiểm sát nhân dân tỉnh"], []]
    assert roster_of(province) == {
        (NOI_CHINH, "Công an tỉnh", "leader", None),
        (NOI_CHINH, "Tòa án nhân dân tỉnh", "deputy", 1),
        (NOI_CHINH, "Trại giam Kim Sơn", "member", None),
        ("Cụm thi đua số 2", "Sở Tư pháp", "leader", None),
        ("Cụm thi đua số 2", "Đài Phát thanh và Truyền hình", "member", None),
        ("Cụm thi đua số 2", "Viện Kiểm sát nhân dân tỉnh", "deputy", 1),
    }


def test_two_deputies_raise_the_bloc_setting(province):
    do_import(province, workbook(ROWS))
    rows = [*ROWS[:3], (*ROWS[3][:5], "Phó khối")]
    plan = imports.plan_division(province=province, year=2026, rows=imports.parse_division(workbook(rows)))
    assert plan.blocs[0].changes == ["số Phó khối tối đa: 1 → 2"]
    do_import(province, workbook(rows))
    assert Bloc.objects.get(name=NOI_CHINH).max_deputies == 2


def test_stale_preview_refused(province):
    data = workbook(ROWS)
    rows = imports.parse_division(data)
    digest = imports.plan_division(province=province, year=2026, rows=rows).digest()
    AgencyFactory(province=province, name="Công an tỉnh")  # someone created it meanwhile
    before = db_snapshot()
    with pytest.raises(Exception, match="thay đổi"):
        services.import_division(province=province, year=2026, rows=rows, expected_digest=digest)
    assert db_snapshot() == before


def test_template_cells_are_inert(province):
    AgencyFactory(province=province, name="=1+2 Sở")
    services.set_roster(
        bloc=BlocFactory(province=province, name="@Khối"), year=2026, agencies=Agency.objects.filter(province=province)
    )
    ws = load_workbook(io.BytesIO(imports.build_template(province=province, year=2026))).worksheets[0]
    # Shown unchanged (no visible apostrophe), stored as text with the quote-prefix flag: never a formula.
    assert (ws["A2"].value, ws["D2"].value) == ("@Khối", "=1+2 Sở")
    assert (ws["A2"].data_type, ws["D2"].data_type) == ("s", "s")
    assert ws["A2"].quotePrefix and ws["D2"].quotePrefix


# --- The command ------------------------------------------------------------------------------


def test_command_writes_template_and_imports(province, tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    call_command("import_blocs", "--template", str(out))
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    for row in ROWS:
        ws.append(list(row))
    wb.save(out)
    call_command("import_blocs", "--province", "ha-tinh", "--year", "2026", str(out))
    assert len(roster_of(province)) == 6
    assert "Đã nhập." in capsys.readouterr().out
    call_command("import_blocs", "--province", "ha-tinh", "--year", "2026", str(out))
    assert "Không có gì thay đổi." in capsys.readouterr().out


def test_command_refusal_lists_errors_and_writes_nothing(province, tmp_path):
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook([ROWS[0], (*ROWS[1][:5], "Trưởng khối")]))
    before = db_snapshot()
    with pytest.raises(CommandError) as exc:
        call_command("import_blocs", "--province", "ha-tinh", "--year", "2026", str(path))
    assert "Trang “Phân khối”, dòng 3, cột F (Vai trò)" in str(exc.value)
    assert db_snapshot() == before


def test_command_unknown_province(tmp_path):
    with pytest.raises(CommandError, match="Không có tỉnh mã"):
        call_command("import_blocs", "--province", "khong-co", "--year", "2026", str(tmp_path / "x.xlsx"))


def test_command_refuses_other_extension(province, tmp_path):
    path = tmp_path / "phan-khoi.csv"
    path.write_text("Tên khối,Loại")
    with pytest.raises(CommandError, match="XLSX"):
        call_command("import_blocs", "--province", "ha-tinh", "--year", "2026", str(path))
