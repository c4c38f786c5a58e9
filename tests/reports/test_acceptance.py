"""The seed cases come back out of the reports, in all three formats (load_demo data)."""

import io
import os
import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from blocs.models import Bloc, User
from blocs.selectors import roster
from conferences.documents import document_text
from reports.tables import bloc_report_tables
from scoring import services as scoring_services
from scoring.models import Criterion, ScoringTable
from tests.conftest import rows_for_the_module
from tests.reports.readers import (
    docx_document,
    docx_table_rows,
    first_body_row,
    html_tables,
    table_sheet,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db

BAC_GIANG = "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang"
BAC_KAN = "Khối thi đua Nội chính tỉnh Bắc Kạn"
DONG_THAP = "Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)"
EXPECTED = {
    "Công an tỉnh": (190, 367),
    "Viện Kiểm sát nhân dân tỉnh": (14, 39),
    "Tòa án nhân dân tỉnh": (0, 29),
    "Sở Tư pháp": (1, 2),
    "Bộ Chỉ huy Quân sự tỉnh": (0, 0),
    "Cục Thi hành án dân sự tỉnh": (0, 0),
    "Thanh tra tỉnh": (0, 0),
    "Tổng cộng": (205, 437),
}
# In the "awards by member agency" table: No., Agency, then per status 5 × (collectives,
# individuals) with the status total last; granted comes first.
GRANTED_TOTAL = (10, 11)


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data is loaded once per module (and per pytest-xdist worker) and rolled back
    at the end; each test's own writes (the scores some tests record) are rolled back as usual."""
    media = tmp_path_factory.mktemp("acceptance-media")
    with rows_for_the_module(django_db_blocker, media), open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
        yield media


@pytest.fixture
def demo(_demo, db, settings):
    """The demo data; tests read it from the database. Files the demo stored, if any, are
    copied into the test's own MEDIA_ROOT."""
    shutil.copytree(_demo, settings.MEDIA_ROOT, dirs_exist_ok=True)


def _bloc(name):
    return Bloc.objects.get(name=name)


def _login(client, username):
    client.force_login(User.objects.get(username=username))


def _granted(rows):
    c, i = GRANTED_TOTAL
    return {r[1]: (int(r[c]), int(r[i])) for r in rows}


def test_bac_giang_six_month_report_in_html_xlsx_and_docx(client, demo):
    bloc = _bloc(BAC_GIANG)
    _login(client, "snv.bacgiang")
    html = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "h1"]))
    assert _granted(html_tables(html.content.decode())["by_agency"]) == EXPECTED

    xlsx = client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "h1", "xlsx"]))
    table = bloc_report_tables(html.context["report"])[1]
    ws = table_sheet(xlsx_sheets(xlsx.content), table)
    first_body = first_body_row(ws, table)
    rows = [[str(v) for v in row] for row in ws.iter_rows(min_row=first_body, values_only=True)]
    assert _granted(rows) == EXPECTED
    assert ws.cell(row=first_body + 1, column=11).data_type == "n"  # a number, not text

    docx = client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "h1", "docx"]))
    doc = docx_document(docx.content)
    by_agency = next(
        t
        for t in doc.tables
        if len(t.columns) == len(table.columns) and any(r.cells[1].text == "Công an tỉnh" for r in t.rows)
    )
    assert _granted(docx_table_rows(by_agency, table.depth)) == EXPECTED
    assert "Khen thưởng được tặng: 205 lượt tập thể, 437 lượt cá nhân." in document_text(doc)


def test_bac_giang_export_command_writes_the_same_figures(demo, tmp_path):
    bloc = _bloc(BAC_GIANG)
    out = tmp_path / "bg.xlsx"
    call_command(
        "export_report", bloc=bloc.pk, year=2022, period="h1", fmt="xlsx", output=str(out), stdout=io.StringIO()
    )
    ws = xlsx_sheets(out.read_bytes()).worksheets[2]
    total = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Tổng cộng")
    assert total[10:12] == (205, 437)


def test_bac_kan_annual_report_shows_flag_proposals_and_2023_leadership(client, demo):
    bloc = _bloc(BAC_KAN)
    _login(client, "snv.backan")
    response = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "year"]))
    report = response.context["report"]
    assert [(o.kind, o.agency) for o in report.vote_outcomes] == [
        ("flag", "Thanh tra tỉnh"),
        ("certificate", "Bộ Chỉ huy Quân sự tỉnh"),
        ("certificate", "Sở Tư pháp"),
    ]
    assert report.vote_outcomes[0].award == "Cờ thi đua của UBND tỉnh"
    assert (report.next_leader, report.next_deputies) == ("Thanh tra tỉnh", ["Công an tỉnh"])
    votes = html_tables(response.content.decode())["votes"]
    assert [r[2] for r in votes] == ["Thanh tra tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Tư pháp"]
    assert "Trưởng khối Thanh tra tỉnh" in response.content.decode().split('data-testid="section-review"')[1]
    docx = client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "year", "docx"]))
    text = document_text(docx_document(docx.content))
    assert "- Cờ thi đua của UBND tỉnh: Thanh tra tỉnh" in text
    assert "Bầu cho năm 2023: Trưởng khối Thanh tra tỉnh; Phó khối Công an tỉnh." in text

    rollup = client.get(reverse("reports:rollup", args=[bloc.province_id, 2022, "year"])).context["rollup"]
    [row] = rollup.rows
    assert row.flag == ["Thanh tra tỉnh (Cờ thi đua của UBND tỉnh)"]
    assert row.certificates == [
        "Bộ Chỉ huy Quân sự tỉnh (Bằng khen của Chủ tịch UBND tỉnh)",
        "Sở Tư pháp (Bằng khen của Chủ tịch UBND tỉnh)",
    ]
    assert row.has_conference is True


def test_dong_thap_report_shows_the_conference_at_the_border_guard_command(client, demo):
    bloc = _bloc(DONG_THAP)
    _login(client, "snv.dongthap")
    response = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "h1"]))
    [conference] = response.context["report"].conferences
    assert conference.date.isoformat() == "2022-07-20"
    assert conference.venue == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    html = response.content.decode()
    assert "20/07/2022" in html and "tại Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in html
    docx = client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "h1", "docx"]))
    assert "ngày 20/07/2022 tại Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in document_text(docx_document(docx.content))
    # the leader and deputy of the year
    report = response.context["report"]
    assert report.leader.name == "Cục Thi hành án dân sự tỉnh"
    assert [d.name for d in report.deputies] == ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]


def test_list_blocs_prints_one_tab_separated_line_per_bloc(demo):
    out = io.StringIO()
    call_command("list_blocs", stdout=out)
    lines = out.getvalue().splitlines()
    by_name = {line.split("\t")[3]: line.split("\t") for line in lines}
    assert by_name[BAC_KAN][1:3] == ["Bắc Kạn", "2022-2023"]
    assert by_name[DONG_THAP][1:3] == ["Đồng Tháp", "2022"]
    assert all(len(line.split("\t")) == 4 for line in lines)


def _score_every_member(bloc, year=2022):
    """The bloc's leader scores every member on the first criterion of the demo table, each a
    different number of points (members self-score and submit first, as the rule asks)."""
    table = ScoringTable.objects.get(bloc=bloc, year=year)
    criteria = list(Criterion.objects.filter(group__table=table).order_by("group__position", "position"))
    members = [m.agency for m in roster(bloc, year)]
    for i, agency in enumerate(members):
        points = (criteria[0].max_points * (len(members) - i) / len(members)).quantize(Decimal("0.01"))
        own = [scoring_services.ScoreEntry(c, c.max_points, "") for c in criteria]
        scoring_services.save_self_scores(table=table, agency=agency, entries=own, user=None)
        scoring_services.submit_sheet(table=table, agency=agency, user=None)
        entry = scoring_services.ScoreEntry(criteria[0], points, "")
        scoring_services.save_bloc_scores(table=table, agency=agency, entries=[entry], user=None)


def test_dong_thap_annual_report_has_no_ranking_before_any_score(client, demo):
    bloc = Bloc.objects.select_related("province").get(name=DONG_THAP)
    _login(client, "snv.dongthap")
    response = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "year"]))
    assert response.context["report"].ranking == []
    assert "ranking" not in html_tables(response.content.decode())


def test_dong_thap_annual_report_includes_the_draft_ranking_for_home_affairs_only(client, demo):
    from reports import selectors

    bloc = Bloc.objects.select_related("province").get(name=DONG_THAP)
    _score_every_member(bloc)
    _login(client, "snv.dongthap")
    response = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "year"]))
    ranking = response.context["report"].ranking
    assert [r.rank for r in ranking] == list(range(1, 9))
    assert {r.agency for r in ranking} == {m.name for m in response.context["report"].members}
    assert not any(r.finalised for r in ranking)
    assert len(html_tables(response.content.decode())["ranking"]) == 8
    # officers only see a finalised ranking
    assert selectors.bloc_report(bloc=bloc, year=2022, kind="year", draft_ranking=False).ranking == []


def test_dong_thap_annual_report_exports_the_ranking_in_xlsx_and_docx(client, demo):
    bloc = Bloc.objects.select_related("province").get(name=DONG_THAP)
    _score_every_member(bloc)
    _login(client, "snv.dongthap")
    report = client.get(reverse("reports:bloc", args=[bloc.pk, 2022, "year"])).context["report"]
    expected = [(r.rank, r.agency) for r in report.ranking]
    assert len(expected) == 8

    xlsx = xlsx_sheets(client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "year", "xlsx"])).content)
    [sheet] = [ws for ws in xlsx.worksheets if ws.title.startswith("Xếp hạng")]
    found = [(row[0], row[1]) for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert found == expected

    doc = docx_document(client.get(reverse("reports:bloc_export", args=[bloc.pk, 2022, "year", "docx"])).content)
    ranking_table = next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Hạng", "Cơ quan, đơn vị", "Điểm"]
    )
    assert [(int(r.cells[0].text), r.cells[1].text) for r in ranking_table.rows[1:]] == expected
