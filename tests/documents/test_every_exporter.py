"""Every exporter of the seed cases, in the three formats: each sentence of the document
(header, motto, headings, paragraphs, table titles and notes, recipients, signatures:
`Exporter.texts()`) and each table cell (text and numbers, total rows included) is on the
HTML page, in the .xlsx (read back with openpyxl) and in the .docx (read back with
python-docx, tables included). No LibreOffice needed: this is about content, the rendering
tests are about layout."""

import html
import io
import os
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from blocs.demo import BAC_KAN_BLOC, DONG_THAP_BLOC
from blocs.models import Bloc, Province
from blocs.selectors import roster
from conferences import selectors as conference_selectors
from conferences.documents import format_value
from conferences.exports import MinutesExporter
from conferences.models import Conference
from reports import exports, selectors
from scoring import exports as scoring_exports
from scoring import selectors as scoring_selectors
from scoring.models import ScoringTable
from tests.conftest import rows_for_the_module
from tests.factories import admin_user

pytestmark = pytest.mark.django_db

BAC_GIANG = "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
SCOPE = selectors.SCOPE_ACCEPTED  # the pages' default: an official document


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once per module in a transaction rolled back at its end (not
    flushed: a flush would also drop the award catalogue the migrations seed)."""
    media = tmp_path_factory.mktemp("exporter-media")
    with rows_for_the_module(django_db_blocker, media):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
        yield media


@pytest.fixture
def demo(_demo, db, settings):
    settings.MEDIA_ROOT = _demo


def _norm(text) -> str:
    """One line, single spaces, upper case (the writers put the issuing body and the title in
    capitals), inert-text apostrophes and non-breaking spaces as the reader sees them."""
    return re.sub(r"\s+", " ", str(text).replace("\xa0", " ")).strip().upper()


def html_text(content: str) -> str:
    main = content.split("<main", 1)[-1]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return _norm(html.unescape(re.sub(r"<[^>]+>", " ", main)))


def xlsx_contents(content: bytes) -> tuple[str, set]:
    wb = load_workbook(io.BytesIO(content))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return _norm(" \n ".join(str(v) for v in values)), set(values)


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return _norm(" \n ".join(parts))


def _bloc(name):
    return Bloc.objects.select_related("province").get(name=name)


def _minutes(bloc_name, kind):
    conference = Conference.objects.get(bloc__name=bloc_name, year=2022, kind=kind)
    conference = conference_selectors.conference_detail_queryset().get(pk=conference.pk)
    return MinutesExporter(conference_selectors.minutes(conference, conference_selectors.election_of(conference)))


def _ranking():
    table = ScoringTable.objects.select_related("bloc__province").get(bloc__name=DONG_THAP_BLOC, year=2022)
    rows = scoring_selectors.ranking_for_table(table, roster(table.bloc, 2022))
    votes = scoring_selectors.vote_outcomes(table.bloc, 2022)  # as the page: the annual vote column
    for row in rows:
        row.votes = votes.get(row.agency.id, [])
    return scoring_exports.RankingExporter(table, rows, with_votes=bool(votes))


def _case(name):
    """(exporter, page URL) of a seed case; the page builds its own exporter from the same data."""
    bac_giang = Province.objects.get(code="bac-giang")
    if name == "bac-giang-h1":
        bloc = _bloc(BAC_GIANG)
        return exports.bloc_report_exporter(
            selectors.bloc_report(bloc=bloc, year=2022, kind="h1", scope=SCOPE)
        ), reverse("reports:bloc", args=[bloc.pk, 2022, "h1"])
    if name == "bac-kan-year":
        bloc = _bloc(BAC_KAN_BLOC)
        return exports.bloc_report_exporter(
            selectors.bloc_report(bloc=bloc, year=2022, kind="year", scope=SCOPE)
        ), reverse("reports:bloc", args=[bloc.pk, 2022, "year"])
    if name == "dong-thap-h1":
        bloc = _bloc(DONG_THAP_BLOC)
        return exports.bloc_report_exporter(
            selectors.bloc_report(bloc=bloc, year=2022, kind="h1", scope=SCOPE)
        ), reverse("reports:bloc", args=[bloc.pk, 2022, "h1"])
    if name == "rollup-bac-giang-h1":
        rollup = selectors.province_rollup(province=bac_giang, year=2022, kind="h1", scope=SCOPE)
        return exports.rollup_exporter(rollup), reverse("reports:rollup", args=[bac_giang.pk, 2022, "h1"])
    if name == "statutory-bac-giang":
        report = selectors.statutory_forms(province=bac_giang, year=2022, status="granted", scope=SCOPE)
        return exports.statutory_exporter(report), reverse("reports:statutory", args=[bac_giang.pk, 2022])
    if name == "minutes-bac-kan-annual":
        doc = _minutes(BAC_KAN_BLOC, Conference.Kind.ANNUAL)
        return doc, reverse("conferences:print", args=[doc.minutes.conference_id])
    if name == "minutes-dong-thap-h1":
        doc = _minutes(DONG_THAP_BLOC, Conference.Kind.SIX_MONTH)
        return doc, reverse("conferences:print", args=[doc.minutes.conference_id])
    if name == "ranking-dong-thap":
        doc = _ranking()
        return doc, reverse("scoring:ranking", args=[doc.table.bloc.pk, 2022])
    raise AssertionError(name)


CASES = [
    "bac-giang-h1",
    "bac-kan-year",
    "dong-thap-h1",
    "rollup-bac-giang-h1",
    "statutory-bac-giang",
    "minutes-bac-kan-annual",
    "minutes-dong-thap-h1",
    "ranking-dong-thap",
]


@pytest.mark.parametrize("case", CASES)
def test_every_sentence_and_cell_of_an_exporter_is_in_the_page_the_xlsx_and_the_docx(demo, client, case):
    client.force_login(admin_user())
    with translation.override("vi"):
        doc, url = _case(case)
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert page.status_code == 200
        formats = {"html": html_text(page.content.decode()), "docx": docx_text(doc.docx())}
        formats["xlsx"], xlsx_values = xlsx_contents(doc.xlsx())
        texts = doc.texts()
        tables = doc.tables()
    assert texts and (tables or case.startswith("minutes"))
    missing = {fmt: [t for t in texts if _norm(t) not in text] for fmt, text in formats.items()}
    if case == "ranking-dong-thap":
        # The ranking page is the scoring page (filters, links), not a document: only its table
        # is compared there; the document's header and signatures are in the files.
        missing["html"] = []
    assert missing == {"html": [], "xlsx": [], "docx": []}
    rows = [(t, row) for t in tables for row in [*t.rows, *([t.total] if t.total is not None else [])]]
    cells = [(v, c.numeric) for t, row in rows for v, c in zip(row, t.columns, strict=True)]
    assert cells or case == "minutes-dong-thap-h1"  # a six-month review without a vote has no table
    for fmt in ("html", "docx"):
        checked = cells
        if case == "ranking-dong-thap" and fmt == "html":
            # The scoring page shows rank and agency with its own score format (“7,5”) and no role
            # column; the files carry every column.
            checked = [(row[i], False) for row in tables[0].rows for i in (0, 1)]
        absent = [v for v, _numeric in checked if v not in (None, "") and _norm(format_value(v)) not in formats[fmt]]
        assert absent == [], (fmt, absent)
    absent = [
        v
        for v, numeric in cells
        if v not in (None, "") and (v not in xlsx_values if numeric else _norm(v) not in formats["xlsx"])
    ]
    assert absent == []


# Labels our code writes in a Vietnamese document; none may be left in an English one (the
# agencies' and blocs' names are data and stay as they are).
VIETNAMESE_LABELS = re.compile(
    r"CỘNG HÒA XÃ HỘI|ĐỘC LẬP - TỰ DO|NƠI NHẬN|THỜI GIAN:|THÀNH PHẦN THAM DỰ|BUỔI (SÁNG|CHIỀU|TỐI)|\bVÀO \d"
    r"|LÀM TRƯỞNG KHỐI|LÀM PHÓ KHỐI|\bSỐ:|\bTHÁNG \d+ NĂM|TỔNG CỘNG|KẾT LUẬN CỦA|TẬP THỂ|CÁ NHÂN|ĐƯỢC KHEN"
)
# Common English words that must never appear in a Vietnamese document.
ENGLISH = re.compile(
    r"\b(THE|OF|AND|REPORT|HELD|NOT RECORDED|SEE|TOTAL|AGENCY|PAGE|ARTICLE|PUBLISHED|MINUTES|RECIPIENTS)\b"
)


@pytest.mark.parametrize("case", CASES)
def test_english_user_gets_english_documents_and_vietnamese_user_vietnamese(demo, client, case):
    for language, forbidden in (("en", VIETNAMESE_LABELS), ("vi", ENGLISH)):
        with translation.override(language):
            doc, url = _case(case)
            texts = {"docx": docx_text(doc.docx()), "xlsx": xlsx_contents(doc.xlsx())[0]}
            if not case.startswith("ranking"):
                client.force_login(admin_user(username=f"admin-{language}"))
                client.cookies["django_language"] = language
                texts["html"] = html_text(client.get(url).content.decode())
            issuer = doc.header.issuer_parent
        if language == "en" and not case.startswith("ranking"):
            assert issuer.startswith(("Emulation and Commendation Council", "People's Committee")), issuer
        found = {fmt: sorted({m.group(0) for m in forbidden.finditer(text)}) for fmt, text in texts.items()}
        assert found == {fmt: [] for fmt in texts}, language
    assert doc.language == "vi"  # the file's language property follows the user's
