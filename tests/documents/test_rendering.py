"""Every exporter's .docx and .xlsx, rendered by LibreOffice to PDF and read back with
`pdftotext -layout`: what a person printing the file would see. Skipped when soffice is not
installed, unless REQUIRE_DOCUMENTS=1 (CI installs libreoffice-writer-nogui,
libreoffice-calc-nogui and poppler-utils)."""

import itertools
import os
import re
import shutil
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.utils import translation

from blocs.models import Bloc
from conferences import selectors as conference_selectors
from conferences.exports import MinutesExporter
from conferences.models import Conference
from reports import exports, selectors

pytestmark = [pytest.mark.django_db, pytest.mark.documents]

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("REQUIRE_DOCUMENTS") == "1":
        raise RuntimeError("REQUIRE_DOCUMENTS=1 but soffice or pdftotext is missing")
    pytest.skip("LibreOffice (soffice) or poppler-utils is not installed", allow_module_level=True)

BAC_GIANG = "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
DONG_THAP = "Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)"
# Common English words that must never appear in a Vietnamese document.
ENGLISH = re.compile(r"\b(the|of|and|report|held|not recorded|see|total|agency|page|article|published)\b", re.I)


def pdf_text(content: bytes, suffix: str, tmp_path) -> str:
    src = tmp_path / f"doc{suffix}"
    src.write_bytes(content)
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    out = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
        [
            shutil.which("pdftotext") or "pdftotext",
            "-layout",
            str(tmp_path / "doc.pdf"),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit


def _bloc_exporter(name, year, kind):
    bloc = Bloc.objects.select_related("province").get(name=name)
    return exports.bloc_report_exporter(selectors.bloc_report(bloc=bloc, year=year, kind=kind))


def _names_unbroken(text: str, names) -> None:
    """Each name is on one line, or on two lines that split it between whole words."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    flat = " ".join(re.sub(r"\s+", " ", text).split())
    for name in names:
        assert name in flat or any(name in " ".join(pair) for pair in itertools.pairwise(lines)), name


def test_bloc_report_docx_prints_like_a_signed_document(demo, tmp_path):
    with translation.override("vi"):
        doc = _bloc_exporter(BAC_GIANG, 2022, "h1")
        text = pdf_text(doc.docx(), ".docx", tmp_path)
    lines = text.splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines)  # the motto on one line
    assert any(f"{doc.header.place}, ngày" in line and "năm" in line for line in lines)  # the date line whole
    members = [m.name for m in doc.report.members]
    _names_unbroken(text, members)
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_long_table_repeats_its_header_rows_on_every_page(tmp_path):
    from conferences.exporters import Column, Exporter, Header, Table

    class Long(Exporter):
        identifier = "long"

        def __init__(self):
            super().__init__()
            self.header = Header("HỘI ĐỒNG", "KHỐI THI ĐUA", "Số: 1/BC", "Bắc Giang", None, "Báo cáo", "Thử")
            rows = [[n, f"Cơ quan số {n}", *range(12)] for n in range(1, 151)]
            cols = [Column(("TT",), numeric=False, width=5), Column(("Cơ quan, đơn vị",), numeric=False, width=30)]
            cols += [Column(("Nhóm cột", f"C{i}")) for i in range(12)]
            self.section("I. BẢNG").blocks.append(Table(key="t", title="Bảng dài", columns=cols, rows=rows))

    with translation.override("vi"):
        doc = Long()
        for content, suffix in ((doc.docx(), ".docx"), (doc.xlsx(), ".xlsx")):
            pages = pdf_text(content, suffix, tmp_path).split("\f")
            table_pages = [p for p in pages if "Cơ quan số" in p]
            assert len(table_pages) >= 2, suffix
            for page in table_pages:
                assert "Nhóm cột" in page, (suffix, page[:300])


def test_xlsx_issuing_body_line_is_whole_and_nothing_overprints(demo, tmp_path):
    with translation.override("vi"):
        doc = _bloc_exporter(DONG_THAP, 2022, "h1")
        text = pdf_text(doc.xlsx(), ".xlsx", tmp_path)
    flat = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    assert any("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH ĐỒNG THÁP" in line for line in flat)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in flat)
    _names_unbroken(text, [m.name for m in doc.report.members])
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_minutes_docx_has_no_english_and_whole_motto(demo, tmp_path):
    conference = Conference.objects.filter(bloc__name=DONG_THAP, year=2022).order_by("date").first()
    with translation.override("vi"):
        conference = conference_selectors.conference_detail_queryset().get(pk=conference.pk)
        doc = MinutesExporter(conference_selectors.minutes(conference, conference_selectors.election_of(conference)))
        text = pdf_text(doc.docx(), ".docx", tmp_path)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in text.splitlines())
    assert "BIÊN BẢN" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def _row_title_whole(lines, title) -> bool:
    """A row title of the first column: at the start of one line, or its first words at the start
    of a line and the rest at the start of a later line, with at most the row's code and figures
    between them (pdftotext puts the vertically centred cells of a two-line row on a line of their
    own)."""
    words = title.split()
    padded = [*lines, "", ""]
    for n, first in enumerate(lines):
        for cut in range(len(words), 0, -1):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if not (first + " ").startswith(head + " "):
                continue
            following = [padded[n + 1]] + ([padded[n + 2]] if re.match(r"\d", padded[n + 1]) else [])
            if not tail or any((line + " ").startswith(tail + " ") for line in following):
                return True
    return False


def test_statutory_forms_print_the_circulars_rows_and_numbered_columns(demo, tmp_path):
    from awards.models import ReportingPeriod
    from blocs.models import Province
    from tests.reports.factories import PeriodFactory, award

    bac_giang = Province.objects.get(code="bac-giang")
    period = ReportingPeriod.objects.filter(province=bac_giang, year=2022, kind="year").first()
    period = period or PeriodFactory(province=bac_giang, year=2022, kind="year")
    agency = bac_giang.agencies.order_by("pk").first()
    award(agency, period, "bang-khen-thu-tuong", 2, 5)
    award(agency, period, "hc-lao-dong-hang-3", 1, 3)
    award(agency, period, "bang-khen-bo-tinh", 4, 6)
    with translation.override("vi"):
        report = selectors.statutory_forms(province=bac_giang, year=2022, scope=selectors.SCOPE_ALL)
        doc = exports.statutory_exporter(report)
        for content, suffix in ((doc.docx(), ".docx"), (doc.xlsx(), ".xlsx")):
            text = pdf_text(content, suffix, tmp_path)
            lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
            assert any("Biểu số: 0602.N/BNV-TĐKT" in line for line in lines), suffix
            assert any("Biểu số: 0603.N/BNV-TĐKT" in line for line in lines), suffix
            # the numbering row under each form's header
            assert "A B C 1 2 3 4 5 6 7 8 9" in lines, suffix
            assert "A B C 1 2 3 4 5" in lines, suffix
            # “Tổng số” 01 and the province's row 03 carry the total; the form's totals per form
            assert [line for line in lines if line.startswith("Tổng số 01 ")][:2] == [
                "Tổng số 01 11 1 3 0 0 0 2 5 0 0 0",
                "Tổng số 01 10 10 0 0 0",
            ], suffix
            # the province's row (its title may wrap in the narrow .docx column)
            assert any(re.search(r"\b03 Tỉnh, thành phố 11 1 3 0 0 0 2 5\b", line) for line in lines), suffix
            for title in (
                "- Bộ, ban, ngành, đoàn thể Trung ương",
                "- Tỉnh, thành phố trực thuộc Trung ương",
                "+ Lãnh đạo cấp vụ, sở, ngành và tương đương",
                "+ Các cấp lãnh đạo khác từ phó phòng trở lên",
                "2. Chia theo phương thức khen thưởng",
            ):
                assert _row_title_whole(lines, title), (suffix, title)
            pages = [p for p in text.split("\f") if re.search(r"^\s*- (Thường xuyên|Cá nhân|Kháng chiến)", p, re.M)]
            assert pages and all("Chia ra" in p for p in pages), suffix  # the header on every page
            assert not ENGLISH.search(text), (suffix, ENGLISH.search(text))
