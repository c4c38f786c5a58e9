"""Home Affairs enters figures on behalf of an agency, and a bloc's own totals ("Toàn khối"):
who may, what is stored, how the board, the grid and the history show it, and that the bloc's
totals are counted once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from awards import excel, selectors, services
from awards.counting import SCOPE_ALL, award_totals
from awards.models import AwardForm, AwardRecord, Submission
from tests.awards.factories import grid_post, row, save
from tests.factories import BlocFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agency_grid(world, index=2):
    return reverse("awards:grid", args=[world["period"].pk, world["agencies"][index].pk])


def _bloc_grid(world, bloc="bloc1"):
    return reverse("awards:grid_bloc", args=[world["period"].pk, world[bloc].pk])


def _form_id(code):
    return AwardForm.objects.get(code=code).pk


# --- On behalf of an agency ------------------------------------------------------------------


def test_home_affairs_saves_an_agency_grid_on_its_behalf(client, world):
    client.force_login(world["ha"])
    response = client.post(_agency_grid(world), grid_post([{"form": _form_id("giay-khen"), "collectives": 4}]))
    assert response.status_code == 302
    submission = Submission.objects.get(agency=world["agencies"][2], period=world["period"])
    assert submission.updated_by == world["ha"]
    assert list(submission.records.values_list("collectives", "individuals")) == [(4, 0)]
    page = client.get(_agency_grid(world)).content.decode()
    assert 'data-testid="on-behalf"' in page


def test_grid_of_the_agency_officer_is_not_marked_on_behalf(client, world):
    client.force_login(world["officer"])
    client.post(_agency_grid(world), grid_post([{"form": _form_id("giay-khen"), "collectives": 4}]))
    page = client.get(_agency_grid(world)).content.decode()
    assert 'data-testid="on-behalf"' not in page


def test_entered_on_behalf_only_when_someone_else_saved(world):
    agency_id = world["agencies"][2].id
    assert selectors.entered_on_behalf(world["ha"], agency_id) is True
    assert selectors.entered_on_behalf(world["admin"], agency_id) is True
    assert selectors.entered_on_behalf(world["officer"], agency_id) is False
    assert selectors.entered_on_behalf(None, agency_id) is False
    assert selectors.entered_on_behalf(world["officer"], None) is True


def test_officer_still_cannot_enter_another_agencys_figures(client, world):
    client.force_login(world["leader_officer"])  # leads the bloc of agency 2: reads, does not type
    response = client.post(_agency_grid(world), grid_post([{"form": _form_id("giay-khen"), "collectives": 4}]))
    assert response.status_code == 403
    client.force_login(world["officer_other_bloc"])
    assert (
        client.post(_agency_grid(world), grid_post([{"form": _form_id("giay-khen"), "collectives": 4}])).status_code
        == 404
    )
    assert not Submission.objects.exists()


def test_board_names_home_affairs_entry_with_who_and_when(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=2)], actor=world["ha"], submit=True)
    save(world["agencies"][1], world["period"], [row(collectives=1)], actor=world["officer_same_bloc"])
    board = selectors.completeness_board(world["period"])
    by_name = {r.label: r for r in board.rows}
    assert by_name["Cơ quan C"].on_behalf is True
    assert by_name["Cơ quan C"].entered_by == world["ha"]
    assert by_name["Cơ quan B"].on_behalf is False
    client.force_login(world["ha"])
    page = client.get(reverse("awards:board", args=[world["period"].pk])).content.decode()
    assert page.count('data-testid="on-behalf"') == 1


def test_history_marks_the_entries_made_on_behalf(client, world):
    save(world["agencies"][2], world["period"], [row(collectives=2)], actor=world["officer"])
    submission = save(world["agencies"][2], world["period"], [row(collectives=3)], actor=world["ha"])
    entries = selectors.submission_history(submission)
    marked = {(e.user, bool(e.note)) for e in entries if e.object_label.endswith("Giấy khen")}
    ha_name = world["ha"].get_full_name() or world["ha"].username
    officer_name = world["officer"].get_full_name() or world["officer"].username
    assert (ha_name, True) in marked
    assert (officer_name, False) in marked
    client.force_login(world["officer"])
    page = client.get(reverse("awards:history", args=[submission.pk])).content.decode()
    assert page.count('data-testid="history-note"') == sum(1 for e in entries if e.note)
    assert sum(1 for e in entries if e.note) >= 1


# --- A bloc's own totals ---------------------------------------------------------------------


def _bloc_rows():
    return grid_post([{"form": _form_id("giay-khen"), "collectives": 7, "individuals": 30}])


def test_home_affairs_enters_a_bloc_total_through_the_grid(client, world):
    client.force_login(world["ha"])
    assert client.get(_bloc_grid(world)).context["can_edit"] is True
    response = client.post(_bloc_grid(world), _bloc_rows())
    assert response.status_code == 302 and response["Location"] == _bloc_grid(world)
    submission = Submission.objects.get(bloc=world["bloc1"], period=world["period"])
    assert submission.agency_id is None and submission.updated_by == world["ha"]
    record = submission.records.get()
    assert (record.agency_id, record.bloc_id, record.collectives, record.individuals) == (
        None,
        world["bloc1"].id,
        7,
        30,
    )


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("officer", 200, 403),  # a member reads its bloc's totals
        ("leader_officer", 200, 403),
        ("officer_other_bloc", 404, 404),
        ("ha_other", 404, 404),
        ("admin", 200, 302),
    ],
)
def test_bloc_total_grid_by_role(client, world, who, get, post):
    client.force_login(world[who])
    assert client.get(_bloc_grid(world)).status_code == get
    assert client.post(_bloc_grid(world), _bloc_rows()).status_code == post
    assert Submission.objects.filter(bloc__isnull=False).count() == (1 if post == 302 else 0)


def test_bloc_without_roster_that_year_has_no_total_grid(client, world):
    empty = BlocFactory(province=world["province"], name="Khối mới")
    client.force_login(world["ha"])
    assert client.get(reverse("awards:grid_bloc", args=[world["period"].pk, empty.pk])).status_code == 404
    with pytest.raises(ValidationError) as exc:
        services.save_submission(bloc=empty, period=world["period"], rows=[row(collectives=1)], version=0, actor=None)
    assert exc.value.code == services.ERR_BLOC_NO_ROSTER
    assert not Submission.objects.exists()


def test_database_refuses_a_submission_of_both_an_agency_and_a_bloc(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(agency=world["agencies"][0], bloc=world["bloc1"], period=world["period"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(period=world["period"])


def test_database_refuses_two_totals_of_one_bloc_in_a_period(world):
    Submission.objects.create(bloc=world["bloc1"], period=world["period"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(bloc=world["bloc1"], period=world["period"])


def test_bloc_total_is_counted_once_in_every_total(world):
    p = world["period"]
    save(world["agencies"][2], p, [row(collectives=2)], submit=True)
    save(world["agencies"][3], p, [row(collectives=5)], submit=True)
    services.save_submission(bloc=world["bloc1"], period=p, rows=[row(collectives=10)], version=0, actor=world["ha"])

    def totals(**kwargs):
        return {
            tuple(k): (c, i)
            for *k, c, i in award_totals(province_id=p.province_id, kind="h1", year=2022, scope=SCOPE_ALL, **kwargs)
        }

    assert totals(by=("status",)) == {("granted",): (17, 0)}
    assert totals(by=("bloc",)) == {(world["bloc1"].id,): (12, 0), (world["bloc2"].id,): (5, 0)}
    assert totals(by=("agency",), blocs=[world["bloc1"].id]) == {(world["agencies"][2].id,): (2, 0), (None,): (10, 0)}
    # agencies= selects member agencies only: the bloc's own line belongs to none of them
    assert totals(by=("status",), agencies=[a.id for a in world["agencies"]]) == {("granted",): (7, 0)}


def test_board_shows_the_bloc_total_as_its_own_row(world):
    p = world["period"]
    save(world["agencies"][2], p, [row(collectives=2)], submit=True)
    services.save_submission(bloc=world["bloc1"], period=p, rows=[row(collectives=10)], version=0, actor=world["ha"])
    board = selectors.completeness_board(p)
    labels = [r.label for r in board.rows]
    assert labels[:4] == ["Cơ quan A", "Cơ quan B", "Cơ quan C", str(selectors.bloc_total_label(world["bloc1"]))]
    whole = board.rows[3]
    assert whole.is_bloc_total and whole.on_behalf and whole.granted.collectives == 10
    assert (board.submitted, board.total) == (1, 5)  # members only
    assert board.granted.collectives == 12  # counted once


def test_bloc_total_excel_round_trip(client, world):
    client.force_login(world["ha"])
    args = [world["period"].pk, world["bloc1"].pk]
    content = client.get(reverse("awards:template_bloc", args=args)).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for column, value in enumerate(["Giấy khen", "", "Được tặng", 3], start=1):
        ws.cell(row=excel.FIRST_ROW, column=column).value = value
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("awards:upload_bloc", args=args),
        {"file": SimpleUploadedFile("t.xlsx", out.getvalue(), content_type=XLSX)},
    )
    assert response.status_code == 302
    assert list(AwardRecord.objects.filter(bloc=world["bloc1"]).values_list("collectives", flat=True)) == [3]


def test_agency_template_is_refused_for_the_bloc_total(client, world):
    client.force_login(world["ha"])
    agency_args = [world["period"].pk, world["agencies"][2].pk]
    content = client.get(reverse("awards:template", args=agency_args)).content
    response = client.post(
        reverse("awards:upload_bloc", args=[world["period"].pk, world["bloc1"].pk]),
        {"file": SimpleUploadedFile("t.xlsx", content, content_type=XLSX)},
    )
    assert response.status_code == 200
    assert len(response.context["errors"]) == 1
    assert not Submission.objects.exists()


def test_accepting_a_report_is_not_entering_it_on_behalf(client, world):
    submission = save(world["agencies"][2], world["period"], [row(collectives=2)], actor=world["officer"], submit=True)
    services.accept_submission(submission=submission, actor=world["ha"])
    submission.refresh_from_db()
    assert (submission.updated_by, submission.entered_by) == (world["ha"], world["officer"])
    board = selectors.completeness_board(world["period"])
    assert [r.on_behalf for r in board.rows if r.label == "Cơ quan C"] == [False]
    assert [e.note for e in selectors.submission_history(submission) if e.note] == []
    client.force_login(world["ha"])
    assert 'data-testid="on-behalf"' not in client.get(_agency_grid(world)).content.decode()
