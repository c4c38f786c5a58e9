"""Lost updates: every edit form, two sessions (the permission-matrix style: one table drives all).

Each row names an edit page, who edits it in session A and in session B (the same user in two
tabs, or two colleagues) and the fields each changes. Both read the page; A saves; B saves next,
from what B read, and must be refused: the page again (200) with the Vietnamese stale message,
A's change in the list of changes, B's input still in the form, and every row of our apps as A
left it. B can then save deliberately: the refused page carries the current version. The one
mechanism is blocs.concurrency (documented in docs/reliability.md, "Lost updates")."""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from awards import services as award_services
from blocs import services as bloc_services
from blocs.concurrency import StaleEdit
from blocs.models import BlocRegulation, Membership, Movement
from conferences import services as conference_services
from conferences.models import Conference
from proposals import services as proposal_services
from scoring import services as scoring_services
from scoring.models import ScoringTable
from tests.awards import factories as award_builders
from tests.conferences.factories import ConferenceFactory, flag_form
from tests.conftest import rows_for_the_module
from tests.postdata import page_data, read
from tests.scoring.factories import build_table, build_world, self_score_and_submit
from tests.security.test_bad_input_corpus import OUR_APPS

pytestmark = pytest.mark.django_db

FORM_STALE = "Người khác đã lưu trang này sau khi bạn mở"
GRID_STALE = "Người khác đã lưu báo cáo này sau khi bạn mở trang"


def db_rows() -> dict[str, list[dict]]:
    """Every row of every table of our apps (history tables included), field by field."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("lost-updates-media")
    with rows_for_the_module(django_db_blocker, media):
        yield media, build_edited_world()


@pytest.fixture
def w(_world, db, settings):
    """The world, built once per module; each test's saves are rolled back after it."""
    media, world = _world
    settings.MEDIA_ROOT = media
    return copy.deepcopy(world)  # as TestCase.setUpTestData: the services change these objects


def build_edited_world():
    """The scoring tests' world (2022: A leads, B deputy, C member; 2023: B leads) with one of
    every edited object: the 2022 regulation, the annual conference with its minutes, a vote
    and the election, an H1 period with C's draft, a bloc movement, the covenant with a target
    and C's pledge, the 2022 table (the leader scores) and the 2023 table (cross-scores), both
    with C's submitted self-assessment, and an unscored 2024 table."""
    world = build_world()
    bloc, (a, b, c) = world.bloc, world.members
    BlocRegulation.objects.create(bloc=bloc, year=2022, number="157/QĐ-KTĐS6", title="Quy chế hoạt động")
    conference = ConferenceFactory(bloc=bloc, year=2022, venue="Hội trường Công an tỉnh")
    conference_services.save_minutes(
        conference=conference,
        attendance=[{"agency": x, "attended": True} for x in (a, b, c)],
        agenda=["Báo cáo tổng kết năm 2022"],
    )
    world.conference = conference
    world.vote = conference_services.save_vote(
        conference=conference,
        kind="flag",
        award_form=flag_form(),
        ballots_issued=3,
        ballots_returned=3,
        ballots_valid=3,
        ballots_invalid=0,
        candidates=[{"agency": a, "votes": 2, "won": True}, {"agency": c, "votes": 1, "won": False}],
    )
    conference_services.record_election(conference=conference, leader=b, deputies=[c])
    world.dossier = proposal_services.create_dossier(conference=conference, actor=None)
    world.period = award_builders.period(world.province, year=2022)
    award_builders.save(c, world.period, [award_builders.row(collectives=1)])
    movement = Movement(
        province=world.province, bloc=bloc, name="Thi đua cao điểm", launch_date=datetime.date(2022, 3, 1)
    )
    world.movement = scoring_services.save_movement(movement=movement, year=2022)
    covenant = scoring_services.save_covenant(bloc=bloc, year=2022, title="Giao ước thi đua năm 2022")
    world.target = scoring_services.save_target(covenant=covenant, text="Không có cán bộ vi phạm kỷ luật", unit="vụ")
    scoring_services.record_pledge(
        covenant=covenant,
        agency=c,
        signed_on=datetime.date(2022, 2, 1),
        signatory_name="Lê Thị Cúc",
        file=ContentFile(b"%PDF-1.4", name="cam-ket.pdf"),
    )
    world.t = build_table(bloc, year=2022, method=ScoringTable.Method.LEADER)
    world.t23 = build_table(bloc, year=2023, method=ScoringTable.Method.CROSS_AVERAGE)
    for table in (world.t, world.t23):  # C has submitted: the bloc may score it
        self_score_and_submit(table, c, world.users["officer_c"])
    # A table nobody has scored yet, whose structure may still change.
    bloc_services.set_roster(bloc=bloc, year=2024, agencies=[a, b, c], leader=a)
    world.t24 = build_table(bloc, year=2024)
    return world


@dataclass
class Edit:
    id: str
    url: Callable  # world -> URL of the edit page
    who: tuple[str, str]  # users of session A and session B (keys of world.users)
    change_a: Callable  # world -> the fields A changes (POST names -> values)
    change_b: Callable  # world -> the fields B changes
    line: str  # A's change as the refused B reads it in the list of changes
    message: str = FORM_STALE


def _y(name, year=2022, **kwargs):
    return lambda w: reverse(name, kwargs={"pk": w.bloc.pk, "year": year, **{k: v(w) for k, v in kwargs.items()}})


def _sheet_data(w, criterion, points):
    return {f"points_{getattr(w.t, criterion).id}": points}


EDITS = [
    Edit(
        "proposal_details",
        lambda w: reverse("proposals:edit", args=[w.dossier.pk]),
        ("officer_a", "officer_a"),
        lambda w: {"number": "05/TTr-KTĐ"},
        lambda w: {"signer_name": "Trần Văn Bình"},
        "Số tờ trình: — → 05/TTr-KTĐ",
    ),
    Edit(
        "proposal_item",
        lambda w: reverse("proposals:item_edit", args=[w.dossier.pk, w.dossier.items.order_by("pk").first().pk]),
        ("officer_a", "officer_a"),
        lambda w: {"authority": "Chủ tịch UBND tỉnh"},
        lambda w: {"collective_name": "Phòng Cảnh sát giao thông"},
        "Cấp/người quyết định khen thưởng: — → Chủ tịch UBND tỉnh",
    ),
    Edit(
        # The agencies page (issue 15): Home Affairs against the admin, on C's details.
        "agency",
        lambda w: reverse("blocs:agency_edit", args=[w.members[2].pk]),
        ("ha", "admin"),
        lambda w: {"short_name": "CA tỉnh"},
        lambda w: {"email": "vanphong@stp.example.vn"},
        "Tên viết tắt: Công an tỉnh → CA tỉnh",
    ),
    Edit(
        "bloc",
        lambda w: reverse("blocs:edit", args=[w.bloc.pk]),
        ("ha", "admin"),
        lambda w: {"name": "Khối Thi đua Nội chính"},
        lambda w: {"description": "Các cơ quan nội chính của tỉnh"},
        "Tên: Khối Thi đua số 6 → Khối Thi đua Nội chính",
    ),
    Edit(
        # The case: A adds an agency, B (who changed only the deputy) must not drop it.
        "roster",
        lambda w: reverse("blocs:roster_edit", args=[w.bloc.pk, 2022]),
        ("ha", "admin"),
        lambda w: {"agencies": [str(x.pk) for x in (*w.members, w.d)]},
        lambda w: {"deputy_1": str(w.c.pk)},
        "Thêm: Sở Tài chính (Thành viên)",
    ),
    Edit(
        "regulation",
        lambda w: reverse("blocs:regulation_edit", args=[w.bloc.pk, 2022]),
        ("ha", "admin"),
        lambda w: {"title": "Quy định tổ chức và hoạt động"},
        lambda w: {"number": "158/QĐ-KTĐS6"},
        "Trích yếu: Quy chế hoạt động → Quy định tổ chức và hoạt động",
    ),
    Edit(
        "minutes",
        lambda w: reverse("conferences:edit", args=[w.conference.pk]),
        ("ha", "officer_a"),
        lambda w: {"venue": "Hội trường Sở Nội vụ"},
        lambda w: {"chair_name": "Nguyễn Văn An"},
        "Địa điểm: Hội trường Công an tỉnh → Hội trường Sở Nội vụ",
    ),
    Edit(
        # A child row, named as a person reads it: the agency, not a row number or an id.
        "minutes_attendance",
        lambda w: reverse("conferences:edit", args=[w.conference.pk]),
        ("officer_a", "officer_a"),
        lambda w: {"att-2-representative_name": "Trần Văn Cường"},
        lambda w: {"agenda-1-text": "Bình xét thi đua"},
        "Thành phần tham dự — Công an tỉnh: có mặt → có mặt, Trần Văn Cường",
    ),
    Edit(
        "vote",
        lambda w: reverse("conferences:vote_edit", args=[w.conference.pk, w.vote.pk]),
        ("officer_a", "ha"),
        lambda w: {"cand-1-votes": "0", "ballots_valid": "2", "ballots_invalid": "1"},
        lambda w: {"note": "Bỏ phiếu kín"},
        "Đơn vị được đề cử — Công an tỉnh: 1 → 0",
    ),
    Edit(
        "election",
        lambda w: reverse("conferences:election", args=[w.conference.pk]),
        ("officer_a", "ha"),
        lambda w: {"deputy_1": ""},
        lambda w: {"leader": str(w.c.pk), "deputy_1": str(w.b.pk)},
        "Phó khối: Công an tỉnh → —",
    ),
    Edit(
        # A new deadline must not be lost.
        "period",
        lambda w: reverse("awards:period_edit", args=[w.period.pk]),
        ("ha", "admin"),
        lambda w: {"deadline": "31/07/2022"},
        lambda w: {"end_date": "30/06/2022", "start_date": "01/02/2022"},
        "Hạn nộp báo cáo: 15/07/2022 → 31/07/2022",
    ),
    Edit(
        # The award grid keeps its integer version (it travels in the Excel template).
        "award_grid",
        lambda w: reverse("awards:grid", args=[w.period.pk, w.c.pk]),
        ("officer_c", "officer_c"),
        lambda w: {"rows-0-collectives": "2"},
        lambda w: {"rows-0-individuals": "3"},
        "Sửa: Giấy khen — Thủ trưởng cơ quan, đơn vị (Được tặng): 1 tập thể, 0 cá nhân"
        " → Giấy khen — Thủ trưởng cơ quan, đơn vị (Được tặng): 2 tập thể, 0 cá nhân",
        message=GRID_STALE,
    ),
    Edit(
        "movement",
        lambda w: reverse("scoring:movement_edit", args=[w.movement.pk]),
        ("ha", "officer_a"),
        lambda w: {"name": "Thi đua cao điểm chào mừng Đại hội"},
        lambda w: {"description": "Phát động tại hội nghị"},
        "Tên: Thi đua cao điểm → Thi đua cao điểm chào mừng Đại hội",
    ),
    Edit(
        # Home Affairs against the leader officer.
        "covenant",
        _y("scoring:covenant_edit"),
        ("ha", "officer_a"),
        lambda w: {"title": "Giao ước thi đua Khối số 6 năm 2022"},
        lambda w: {"note": "Ký tại hội nghị phát động"},
        "Trích yếu: Giao ước thi đua năm 2022 → Giao ước thi đua Khối số 6 năm 2022",
    ),
    Edit(
        "target",
        _y("scoring:target_edit", target_pk=lambda w: w.target.pk),
        ("ha", "officer_a"),
        lambda w: {"unit": "trường hợp"},
        lambda w: {"text": "Không có cán bộ bị kỷ luật"},
        "Đơn vị tính: vụ → trường hợp",
    ),
    Edit(
        "pledge",
        _y("scoring:pledge", agency_pk=lambda w: w.c.pk),
        ("officer_c", "officer_a"),
        lambda w: {"signatory_name": "Lê Thị Cúc Hoa"},
        lambda w: {"note": "Bản ký gửi kèm"},
        "Người ký: Lê Thị Cúc → Lê Thị Cúc Hoa",
    ),
    Edit(
        "table_settings",
        _y("scoring:table_settings", 2024),
        ("ha", "officer_a"),
        lambda w: {"title": "Bảng chấm điểm thi đua năm 2024"},
        lambda w: {"title": "Bảng tiêu chí chấm điểm 2024"},
        "Trích yếu: Bảng chấm điểm năm 2024 → Bảng chấm điểm thi đua năm 2024",
    ),
    Edit(
        "criteria_group",
        _y("scoring:group_edit", 2024, row_pk=lambda w: w.t24.c1.group_id),
        ("ha", "officer_a"),
        lambda w: {"name": "I. Nhiệm vụ chính trị"},
        lambda w: {"position": "3"},
        "Tên: I. Thực hiện nhiệm vụ chính trị, chuyên môn → I. Nhiệm vụ chính trị",
    ),
    Edit(
        "criterion",
        _y("scoring:criterion_edit", 2024, row_pk=lambda w: w.t24.c1.pk),
        ("ha", "officer_a"),
        lambda w: {"max_points": "12"},
        lambda w: {"guidance": "Theo báo cáo của đơn vị"},
        "Điểm tối đa: 10 → 12",
    ),
    Edit(
        "adjustment_item",
        _y("scoring:item_edit", 2024, row_pk=lambda w: w.t24.bonus.pk),
        ("ha", "officer_a"),
        lambda w: {"points": "3"},
        lambda w: {"rule": "Mỗi Cờ thi đua cộng 2 điểm"},
        "Số điểm mỗi lần: 2 → 3",
    ),
    Edit(
        # The same officer in two tabs lost a criterion's points: no more.
        "self_sheet",
        _y("scoring:sheet", agency_pk=lambda w: w.b.pk),
        ("officer_b", "officer_b"),
        lambda w: {**_sheet_data(w, "c1", "8"), f"evidence_{w.t.c1.id}": "Báo cáo số 5"},
        lambda w: _sheet_data(w, "c2", "15"),
        "Thêm: Hoàn thành chỉ tiêu nghiệp vụ (8, Báo cáo số 5)",
    ),
    Edit(
        "bloc_score",
        _y("scoring:bloc_score", agency_pk=lambda w: w.c.pk),
        ("officer_a", "ha"),
        lambda w: _sheet_data(w, "c1", "7"),
        lambda w: {f"quantity_{w.t.bonus.id}": "1"},
        "Thêm: Hoàn thành chỉ tiêu nghiệp vụ (7)",
    ),
    Edit(
        "cross_score",
        lambda w: reverse("scoring:cross_score", args=[w.bloc.pk, 2023, w.c.pk]),
        ("officer_a", "officer_a"),
        lambda w: {f"points_{w.t23.c1.id}": "9"},
        lambda w: {f"points_{w.t23.c2.id}": "18"},
        "Thêm: Hoàn thành chỉ tiêu nghiệp vụ (9)",
    ),
]


def _client(w, who) -> Client:
    client = Client()
    client.force_login(w.users[who])
    return client


def _stale_changes(response) -> list[str]:
    form = response.context.get("form")
    if form is not None and getattr(form, "is_stale", False):
        return form.stale_changes
    return response.context["stale_changes"]


def _problems(response):
    """What a page that should have redirected complains about (for assertion messages)."""
    if response.context is None:
        return response.status_code
    form = response.context.get("form")
    return (form.errors if form is not None else None, [str(m) for m in response.context.get("messages", [])])


def _read_both(w, edit):
    url = edit.url(w)
    a, b = _client(w, edit.who[0]), _client(w, edit.who[1])
    return url, a, read(a, url), b, read(b, url)


@pytest.mark.parametrize("edit", EDITS, ids=[e.id for e in EDITS])
def test_second_save_from_a_stale_read_is_refused_and_writes_nothing(w, edit):
    url, a, data_a, b, data_b = _read_both(w, edit)
    response = a.post(url, {**data_a, **edit.change_a(w)})
    assert response.status_code == 302, _problems(response)
    after_a = db_rows()

    response = b.post(url, {**data_b, **edit.change_b(w)})

    assert response.status_code == 200
    content = response.content.decode()
    assert edit.message in content
    changes = _stale_changes(response)
    assert edit.line in changes
    assert escape(edit.line) in content
    kept = page_data(response.context)
    assert {k: kept.get(k) for k in edit.change_b(w)} == edit.change_b(w)
    assert db_rows() == after_a


@pytest.mark.parametrize("edit", EDITS, ids=[e.id for e in EDITS])
def test_after_a_refusal_saving_again_is_deliberate_and_saves(w, edit):
    url, a, data_a, b, data_b = _read_both(w, edit)
    assert a.post(url, {**data_a, **edit.change_a(w)}).status_code == 302
    refused = b.post(url, {**data_b, **edit.change_b(w)})
    after_a = db_rows()

    response = b.post(url, page_data(refused.context))

    assert response.status_code == 302, _problems(response)
    assert db_rows() != after_a


def test_every_edit_page_carries_a_version_token(w):
    """Every edit page of the table renders its token in the form; a save without one is refused."""
    for edit in EDITS:
        if edit.id == "award_grid":
            continue  # its version is the integer field "version"
        client = _client(w, edit.who[0])
        page = client.get(edit.url(w))
        data = page_data(page.context)
        assert data.get("version_token"), edit.id
        assert f'name="version_token" value="{data["version_token"]}"' in page.content.decode(), edit.id
        before = db_rows()
        data.pop("version_token")
        response = client.post(edit.url(w), {**data, **edit.change_a(w)})
        assert (response.status_code, db_rows() == before) == (200, True), edit.id


def test_roster_lost_agency_case_keeps_both_changes_after_a_deliberate_save(w):
    """The issue's story end to end: A adds Sở Tài chính; B, refused, sees it, and saving again
    from the refused page (which kept B's deputy and now A's agency list) keeps both."""
    url = reverse("blocs:roster_edit", args=[w.bloc.pk, 2022])
    a, b = _client(w, "ha"), _client(w, "admin")
    data_a, data_b = read(a, url), read(b, url)
    a.post(url, {**data_a, "agencies": [str(x.pk) for x in (*w.members, w.d)]})
    refused = b.post(url, {**data_b, "deputy_1": str(w.c.pk)})
    again = page_data(refused.context)
    again["agencies"] = [str(x.pk) for x in (*w.members, w.d)]  # B re-ticks what A added, as shown
    assert b.post(url, again).status_code == 302
    roles = dict(Membership.objects.filter(bloc=w.bloc, year=2022).values_list("agency__name", "role"))
    assert roles == {
        "Cục Thi hành án dân sự tỉnh": "leader",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": "member",
        "Công an tỉnh": "deputy",
        "Sở Tài chính": "member",
    }


def test_conference_is_unchanged_by_a_refused_minutes_save(w):
    """Belt and braces for the largest form: the conference row itself, field by field."""
    url = reverse("conferences:edit", args=[w.conference.pk])
    a, b = _client(w, "ha"), _client(w, "officer_a")
    data_a, data_b = read(a, url), read(b, url)
    a.post(url, {**data_a, "venue": "Hội trường Sở Nội vụ"})
    b.post(url, {**data_b, "chair_name": "Nguyễn Văn An", "venue": "Nhà văn hoá"})
    conference = Conference.objects.get(pk=w.conference.pk)
    assert (conference.venue, conference.chair_name) == ("Hội trường Sở Nội vụ", "")


def test_award_grid_refusal_is_a_stale_edit():
    error = award_services.StaleSubmission(yours=1, theirs=2, changes=["Giấy khen: 1 → 2"])
    assert isinstance(error, StaleEdit)
    assert (error.code, error.changes) == ("stale", ["Giấy khen: 1 → 2"])
