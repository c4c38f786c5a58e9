"""The bad-input corpus, documents part: text pasted from Word carries control characters XML
forbids (a vertical tab, U+0001), and a name may look like a formula. Every download writes
them without error: the control characters are removed, the formula stays inert text that reads
back unchanged (no visible apostrophe, never a formula cell)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from blocs import services as bloc_services
from blocs.models import Agency
from conferences.documents import document_text
from tests.conferences.factories import ConferenceFactory
from tests.factories import AgencyFactory, home_affairs
from tests.reports.factories import award, bac_giang_h1_2022

pytestmark = pytest.mark.django_db

DIRTY_NAME = "Sở\x0bTư pháp\x01 =1+1"
CLEAN_NAME = "SởTư pháp =1+1"
FORMULA_NAME = "=1+1"


@pytest.fixture
def case():
    case = bac_giang_h1_2022()
    dirty = AgencyFactory(province=case["province"], name="Cơ quan thử")
    # Saving normalises names (blocs.names); a row written around save() (a bulk load, an older
    # database) still reaches the writers, which must clean it themselves.
    Agency.objects.filter(pk=dirty.pk).update(name=DIRTY_NAME)
    dirty.refresh_from_db()
    formula = AgencyFactory(province=case["province"], name=FORMULA_NAME)
    bloc_services.set_roster(bloc=case["bloc"], year=2022, agencies=[*case["agencies"].values(), dirty, formula])
    award(dirty, case["period"], "giay-khen", 1, 2)
    award(formula, case["period"], "giay-khen", 3, 4)
    ConferenceFactory(
        bloc=case["bloc"],
        year=2022,
        kind="six_month",
        period_kind="h1",
        venue="Hội trường\x0b tỉnh",
        conclusions="=SUM(A1)",
    )
    return case


def _xlsx_cells(content):
    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_control_characters_and_formula_names_export_to_xlsx_cleaned_and_inert(client, case):
    client.force_login(home_affairs(case["province"]))
    url = reverse("reports:bloc_export", args=[case["bloc"].pk, 2022, "h1", "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    values = [c.value for c in cells]
    assert CLEAN_NAME in values and FORMULA_NAME in values
    assert not any("\x0b" in v or "\x01" in v for v in values)
    for cell in cells:
        if cell.value.startswith("="):
            assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula


def test_control_characters_and_formula_names_export_to_docx_cleaned(client, case):
    client.force_login(home_affairs(case["province"]))
    response = client.get(reverse("reports:bloc_export", args=[case["bloc"].pk, 2022, "h1", "docx"]))
    assert response.status_code == 200
    text = document_text(Document(io.BytesIO(response.content)))
    assert CLEAN_NAME in text and FORMULA_NAME in text and "\x0b" not in text and "\x01" not in text


def test_control_characters_in_minutes_export_to_docx_cleaned(client, case):
    conference = case["bloc"].conferences.get()
    client.force_login(home_affairs(case["province"]))
    response = client.get(reverse("conferences:docx", args=[conference.pk]))
    assert response.status_code == 200
    text = document_text(Document(io.BytesIO(response.content)))
    assert "Hội trường tỉnh" in text and "=SUM(A1)" in text and "\x0b" not in text
