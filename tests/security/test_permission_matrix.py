"""The permission matrix: every URL of the project × every role, GET and POST.

URL names are read from the URLconf, so a new page without a row here fails
`test_every_url_has_a_row`. Expected statuses: 302 (to the login page) for anonymous users,
404 for objects outside the user's scope, 403 for objects in scope but not allowed, 200 when
allowed. A POST by a role that may not write is refused with the same status and writes
nothing (row counts of every table of our apps compared). The matrix is documented in
docs/permissions.md.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api import services as api_services
from awards.models import AwardForm
from blocs import services as bloc_services
from blocs.models import BlocRegulation, Movement
from conferences.models import Attachment, Vote
from proposals.models import Dossier, DossierDocument, ProposalItem
from scoring import services as scoring_services
from scoring.models import Score, ScoringTable
from tests.awards import factories as award_builders
from tests.conferences.factories import ConferenceFactory
from tests.conftest import rows_for_the_module, session_key
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.scoring.factories import build_table
from tests.security.test_bad_input_corpus import db_snapshot

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "officer_other_province",
    "officer_other_agency",
    "officer_agency",
    "leader_in_year",
    "leader_outside_year",
    "ha_other_province",
    "ha_province",
    "admin",
]
PROVINCE_OFFICERS = ["officer_other_agency", "officer_agency", "leader_in_year", "leader_outside_year"]
OUTSIDERS = ["officer_other_province", "ha_other_province"]

# URL names that are not pages of ours.
EXEMPT_PREFIXES = ("admin:",)
# Public pages: logging in and resetting a forgotten password (tested in tests/blocs/test_accounts.py).
EXEMPT = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per role: anonymous → 302, `default` for the rest unless overridden."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def scoped(*, province_officers: int, home_affairs: int = 200, admin: int = 200, **overrides) -> dict[str, int]:
    """The common shape: outsiders 404, officers of the province `province_officers`."""
    table = expect(404, ha_province=home_affairs, admin=admin)
    for role in PROVINCE_OFFICERS:
        table[role] = province_officers
    table.update(overrides)
    return table


READ_PROVINCE = scoped(province_officers=200)
MANAGE_PROVINCE = scoped(province_officers=403)
EVERYONE = expect(200)
# Conferences: members of the bloc in the reviewed year read; Home Affairs, admin and the
# leader agency's officer in that year write.
READ_BLOC_YEAR = scoped(province_officers=200)
MANAGE_BLOC_YEAR = scoped(province_officers=403, leader_in_year=200)
POST_ONLY = expect(405)


@dataclass
class Row:
    name: str
    kwargs: Callable = field(default=lambda w: {})
    get: dict = field(default_factory=dict)
    post: bool = True  # also POST (empty form) as every role that GET refuses


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once per module (and per pytest-xdist worker) and rolled back at
    the end: its tests only read it, and each test's writes are rolled back as usual."""
    media = tmp_path_factory.mktemp("permission-matrix-media")
    with rows_for_the_module(django_db_blocker, media):
        rows = build_world()
        rows["sessions"] = _sessions(rows["users"])
        yield media, rows


@pytest.fixture
def world(_world, db, settings):
    media, rows = _world
    settings.MEDIA_ROOT = media
    return copy.deepcopy(rows)  # as TestCase.setUpTestData: a test may change its objects


def build_world():
    """Province P with bloc B (2021 and 2022 rosters) and province Q with its own bloc.

    In 2022 agency L leads B; O is "the agency" of the objects; X another member; D led B in
    2021 and is a plain member in 2022 (a leader officer outside its year)."""
    p, q = ProvinceFactory(name="Tỉnh P"), ProvinceFactory(name="Tỉnh Q")
    bloc = BlocFactory(province=p, name="Khối B")
    lead, own, other, former = (AgencyFactory(province=p, name=f"Cơ quan {c}") for c in "LOXD")
    members = [lead, own, other, former]
    bloc_services.set_roster(bloc=bloc, year=2021, agencies=members, leader=former)
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=members, leader=lead, deputies=[own])
    z = AgencyFactory(province=q, name="Cơ quan Z")
    other_bloc = BlocFactory(province=q, name="Khối Q")
    bloc_services.set_roster(bloc=other_bloc, year=2022, agencies=[z])
    regulation = BlocRegulation(bloc=bloc, year=2022, number="1/QĐ", title="Quy chế")
    regulation.file.save("quy-che.pdf", ContentFile(b"%PDF-1.4"), save=True)
    conference = ConferenceFactory(bloc=bloc, year=2022)
    vote = Vote.objects.create(
        conference=conference, kind=Vote.Kind.FLAG, award_form=AwardForm.objects.get(code="co-thi-dua-bo-tinh")
    )
    Vote.objects.filter(pk=vote.pk).update(ballots_issued=4, ballots_returned=4, ballots_valid=4, ballots_invalid=0)
    attachment = Attachment(conference=conference, original_name="bien-ban.pdf", content_type="application/pdf", size=8)
    attachment.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    period = award_builders.period(p, year=2022)
    submission = award_builders.save(own, period, [award_builders.row(collectives=1)], submit=True)
    users = {
        "anonymous": None,
        "officer_other_province": officer(z),
        "officer_other_agency": officer(other),
        "officer_agency": officer(own),
        "leader_in_year": officer(lead),
        "leader_outside_year": officer(former),
        "ha_other_province": home_affairs(q),
        "ha_province": home_affairs(p),
        "admin": admin_user(),
    }
    # Scoring: a bloc movement of 2022 with its plan, the covenant with a target and O's signed
    # pledge, the 2022 table (members cross-score each other) and O's self-score with evidence.
    movement = Movement(province=p, bloc=bloc, name="Phong trào thi đua", launch_date=datetime.date(2022, 3, 1))
    movement.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    scoring_services.save_movement(movement=movement, year=2022)
    covenant = scoring_services.save_covenant(bloc=bloc, year=2022, title="Giao ước thi đua")
    target = scoring_services.save_target(covenant=covenant, text="Hoàn thành 100 phần trăm chỉ tiêu")
    pledge = scoring_services.record_pledge(
        covenant=covenant,
        agency=own,
        signed_on=datetime.date(2022, 1, 10),
        signatory_name="Nguyễn Văn An",
        file=ContentFile(b"%PDF-1.4", name="cam-ket.pdf"),
    )
    table = build_table(bloc, year=2022, method=ScoringTable.Method.CROSS_AVERAGE)
    evidence = ContentFile(b"%PDF-1.4", name="minh-chung.pdf")
    scoring_services.save_self_scores(
        table=table.table,
        agency=own,
        entries=[scoring_services.ScoreEntry(table.c1, Decimal(8), "Báo cáo", evidence)],
        user=users["officer_agency"],
    )
    token = api_services.create_token(name="Cổng thông tin", province=p, user=users["admin"]).token
    # Proposals: the 2022 review's dossier, a draft with O's item and its achievement report.
    dossier = Dossier.objects.create(conference=conference, bloc=bloc, year=2022)
    item = ProposalItem.objects.create(
        dossier=dossier, agency=own, recipient="collective", award_form=vote.award_form, vote=vote
    )
    document = DossierDocument(
        dossier=dossier, item=item, title="Báo cáo thành tích", original_name="bao-cao.pdf", content_type="pdf", size=8
    )
    document.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {
        "token": token,
        "p": p,
        "q": q,
        "bloc": bloc,
        "dossier": dossier,
        "item": item,
        "document": document,
        "agency": own,
        "year": 2022,
        "conference": conference,
        "vote": vote,
        "attachment": attachment,
        "period": period,
        "submission": submission,
        "movement": movement,
        "target": target,
        "pledge": pledge,
        "table": table,
        "score": Score.objects.get(agency=own, kind=Score.Kind.SELF),
        "users": users,
    }


def bloc_year(w):
    return {"pk": w["bloc"].pk, "year": w["year"]}


ROWS = [
    Row("home", get=EVERYONE, post=False),
    Row("blocs:list", get=EVERYONE, post=False),
    Row("password_change", get=EVERYONE),
    Row("password_change_done", get=EVERYONE, post=False),
    # Each Home Affairs office sees the locked accounts of its own province (none of another's).
    Row("lockouts", get=expect(403, ha_province=200, ha_other_province=200, admin=200)),
    Row("blocs:agencies", get=EVERYONE, post=False),
    Row("blocs:create", lambda w: {"province_pk": w["p"].pk}, MANAGE_PROVINCE),
    Row("blocs:detail", lambda w: {"pk": w["bloc"].pk}, READ_PROVINCE, post=False),
    Row("blocs:edit", lambda w: {"pk": w["bloc"].pk}, MANAGE_PROVINCE),
    Row("blocs:roster_edit", bloc_year, MANAGE_PROVINCE),
    Row("blocs:roster_history", bloc_year, READ_PROVINCE, post=False),
    Row("blocs:prepare_next_year", bloc_year, MANAGE_PROVINCE),
    Row("blocs:regulation_edit", bloc_year, MANAGE_PROVINCE),
    Row("blocs:regulation_file", bloc_year, READ_PROVINCE, post=False),
    Row("blocs:agency", lambda w: {"pk": w["agency"].pk}, READ_PROVINCE, post=False),
]


def conf(w):
    return {"pk": w["conference"].pk}


def conf_bloc_year(w):
    return {"bloc_pk": w["bloc"].pk, "year": w["year"]}


ROWS += [
    Row("conferences:list", conf_bloc_year, READ_BLOC_YEAR, post=False),
    Row("conferences:create", conf_bloc_year, MANAGE_BLOC_YEAR),
    Row("conferences:detail", conf, READ_BLOC_YEAR, post=False),
    Row("conferences:edit", conf, MANAGE_BLOC_YEAR),
    Row("conferences:delete", conf, POST_ONLY, post=False),
    Row("conferences:print", conf, READ_BLOC_YEAR, post=False),
    Row("conferences:docx", conf, READ_BLOC_YEAR, post=False),
    Row("conferences:vote_create", conf, MANAGE_BLOC_YEAR),
    Row("conferences:vote_edit", lambda w: {"pk": w["conference"].pk, "vote_pk": w["vote"].pk}, MANAGE_BLOC_YEAR),
    Row(
        "conferences:vote_delete", lambda w: {"pk": w["conference"].pk, "vote_pk": w["vote"].pk}, POST_ONLY, post=False
    ),
    Row("conferences:election", conf, MANAGE_BLOC_YEAR),
    Row("conferences:attachment_add", conf, MANAGE_BLOC_YEAR),
    Row(
        "conferences:attachment",
        lambda w: {"pk": w["conference"].pk, "attachment_pk": w["attachment"].pk},
        READ_BLOC_YEAR,
        post=False,
    ),
    Row(
        "conferences:attachment_delete",
        lambda w: {"pk": w["conference"].pk, "attachment_pk": w["attachment"].pk},
        POST_ONLY,
        post=False,
    ),
]


def per(w):
    return {"pk": w["period"].pk}


def slot(w):
    return {"pk": w["period"].pk, "agency_pk": w["agency"].pk}


def sub(w):
    return {"pk": w["submission"].pk}


def slot_bloc(w):
    return {"pk": w["period"].pk, "bloc_pk": w["bloc"].pk}


# Awards: the board is Home Affairs' and the year's leader officer's; an agency's grid is its
# officer's, its leader officer's and Home Affairs'; other agencies' drafts are out of scope (404).
BOARD = scoped(province_officers=403, leader_in_year=200)
AGENCY_SLOT = scoped(province_officers=404, officer_agency=200, leader_in_year=200)
# Reviewing a submission: other agencies cannot even see it; its own officer may not review it.
REVIEW = scoped(province_officers=404, officer_agency=403, leader_in_year=200)
ROWS += [
    Row("awards:periods", get=EVERYONE, post=False),
    Row("awards:period_create", get=expect(403, ha_province=200, ha_other_province=200, admin=200)),
    Row("awards:period_edit", per, MANAGE_PROVINCE),
    Row("awards:period_close", per, POST_ONLY, post=False),
    Row("awards:period_reopen", per, MANAGE_PROVINCE),
    Row("awards:board", per, BOARD, post=False),
    Row("awards:grid", slot, AGENCY_SLOT),
    Row("awards:template", slot, AGENCY_SLOT, post=False),
    # The world's submission is already submitted, so even its own officer may not upload now.
    # O's report is submitted, so nobody edits it (an admin passes every rule); Home Affairs may
    # enter a draft's figures on the agency's behalf (tests/awards/test_on_behalf.py).
    Row("awards:upload", slot, scoped(province_officers=404, officer_agency=403, leader_in_year=403, home_affairs=403)),
    # A bloc's own totals ("Toàn khối"): read by the bloc's members that year, entered by Home Affairs.
    Row("awards:grid_bloc", slot_bloc, scoped(province_officers=200)),
    Row("awards:template_bloc", slot_bloc, scoped(province_officers=200), post=False),
    Row("awards:upload_bloc", slot_bloc, scoped(province_officers=403)),
    Row("awards:accept", sub, POST_ONLY, post=False),
    Row("awards:return", sub, REVIEW),
    # The history of a report: the readers of the agency's figures.
    Row("awards:history", sub, AGENCY_SLOT, post=False),
]
ROWS += [Row("conferences:history", conf, READ_BLOC_YEAR, post=False)]


# Scoring: every officer of the province reads a bloc-year's pages (overview, movements,
# covenant, table, files); its managers (Home Affairs, admin, the leader officer of that year)
# edit; a member's own sheet, pledge and evidence are its officers' and the managers'; members
# cross-score the others (never themselves; Home Affairs and admin do not cross-score); the
# ranking is the managers' until finalised (see test_ranking_opens_to_members_once_finalised).
def by(w):
    return {"pk": w["bloc"].pk, "year": w["year"]}


def by_agency(w):
    return {**by(w), "agency_pk": w["agency"].pk}


def by_row(name):
    return lambda w: {**by(w), "row_pk": getattr(w["table"], name).pk}


OWN_OR_MANAGER = scoped(province_officers=403, officer_agency=200, leader_in_year=200)
CROSS_SCORE_OTHER = scoped(
    province_officers=200, officer_agency=403, home_affairs=403, admin=403
)  # of agency O, by the members other than O
RANKING_UNFINALISED = MANAGE_BLOC_YEAR
ROWS += [
    Row("scoring:overview", by, READ_BLOC_YEAR, post=False),
    Row("scoring:movements", by, READ_BLOC_YEAR, post=False),
    Row("scoring:movement_create", by, MANAGE_BLOC_YEAR),
    Row("scoring:province_movements", lambda w: {"pk": w["p"].pk}, READ_PROVINCE, post=False),
    Row("scoring:province_movement_create", lambda w: {"pk": w["p"].pk}, MANAGE_PROVINCE),
    Row("scoring:movement_edit", lambda w: {"pk": w["movement"].pk}, MANAGE_BLOC_YEAR),
    Row("scoring:movement_plan", lambda w: {"pk": w["movement"].pk}, READ_PROVINCE, post=False),
    Row("scoring:covenant", by, READ_BLOC_YEAR, post=False),
    Row("scoring:covenant_edit", by, MANAGE_BLOC_YEAR),
    Row("scoring:target_create", by, MANAGE_BLOC_YEAR),
    Row("scoring:target_edit", lambda w: {**by(w), "target_pk": w["target"].pk}, MANAGE_BLOC_YEAR),
    Row("scoring:target_delete", lambda w: {**by(w), "target_pk": w["target"].pk}, POST_ONLY, post=False),
    Row("scoring:pledge", by_agency, OWN_OR_MANAGER),
    Row("scoring:pledge_file", lambda w: {"pk": w["pledge"].pk}, READ_PROVINCE, post=False),
    Row("scoring:table", by, READ_BLOC_YEAR, post=False),
    Row("scoring:table_create", by, POST_ONLY, post=False),
    Row("scoring:table_settings", by, MANAGE_BLOC_YEAR),
    Row("scoring:group_create", by, MANAGE_BLOC_YEAR),
    Row("scoring:group_edit", lambda w: {**by(w), "row_pk": w["table"].c1.group_id}, MANAGE_BLOC_YEAR),
    Row("scoring:criterion_create", by, MANAGE_BLOC_YEAR),
    Row("scoring:criterion_edit", by_row("c1"), MANAGE_BLOC_YEAR),
    Row("scoring:item_create", by, MANAGE_BLOC_YEAR),
    Row("scoring:item_edit", by_row("bonus"), MANAGE_BLOC_YEAR),
    Row("scoring:row_delete", lambda w: {**by_row("bonus")(w), "kind": "item"}, POST_ONLY, post=False),
    Row("scoring:sheet", by_agency, OWN_OR_MANAGER),
    Row("scoring:sheet_submit", by_agency, POST_ONLY, post=False),
    Row("scoring:sheet_return", by_agency, POST_ONLY, post=False),
    Row("scoring:bloc_score", by_agency, MANAGE_BLOC_YEAR),
    Row("scoring:cross_score", by_agency, CROSS_SCORE_OTHER),
    Row("scoring:score_file", lambda w: {"pk": w["score"].pk}, OWN_OR_MANAGER, post=False),
    Row("scoring:ranking", by, RANKING_UNFINALISED, post=False),
    Row("scoring:ranking_xlsx", by, RANKING_UNFINALISED, post=False),
    Row("scoring:ranking_docx", by, RANKING_UNFINALISED, post=False),
    Row("scoring:finalise", by, POST_ONLY, post=False),
    # The history: managers see every change, members the structure and their own agency's rows
    # (an officer of the province whose agency is not a member that year: 404, see
    # tests/scoring/test_history.py).
    Row("scoring:history", by, READ_BLOC_YEAR, post=False),
]


# Reports: Home Affairs of the province and admins read everything; members of the bloc that
# year read its reports on the page; only the leader officer of that year (and Home Affairs,
# admin) downloads them; the province roll-up and the statutory forms are Home Affairs' only.
def report_of(fmt=None):
    def kwargs(w):
        return {"pk": w["bloc"].pk, "year": w["year"], "period": "h1", **({"fmt": fmt} if fmt else {})}

    return kwargs


def province_report(fmt=None, period="h1"):
    def kwargs(w):
        return {
            "pk": w["p"].pk,
            "year": w["year"],
            **({"period": period} if period else {}),
            **({"fmt": fmt} if fmt else {}),
        }

    return kwargs


ROWS += [
    Row("reports:index", get=EVERYONE),
    Row("reports:bloc", report_of(), READ_BLOC_YEAR),
    Row("reports:bloc_export", report_of("xlsx"), MANAGE_BLOC_YEAR),
    Row("reports:bloc_export", report_of("docx"), MANAGE_BLOC_YEAR),
    Row("reports:rollup", province_report(), MANAGE_PROVINCE),
    Row("reports:rollup_export", province_report("xlsx"), MANAGE_PROVINCE),
    Row("reports:rollup_export", province_report("docx"), MANAGE_PROVINCE),
    Row("reports:statutory", province_report(period=None), MANAGE_PROVINCE),
    Row("reports:statutory_export", province_report("xlsx", period=None), MANAGE_PROVINCE),
    Row("reports:statutory_export", province_report("docx", period=None), MANAGE_PROVINCE),
    # The document's number, date, signer…: whoever may issue it (tests/reports/test_meta.py).
    Row("reports:bloc_meta", report_of(), MANAGE_BLOC_YEAR),
    Row(
        "reports:province_meta",
        lambda w: {"pk": w["p"].pk, "year": w["year"], "kind": "rollup_h1"},
        MANAGE_PROVINCE,
    ),
]


# The API (/api/v1/, api/access.py): as the pages, but an anonymous request is answered 401 (JSON),
# not redirected; the schema and its reference page are public (they hold no data). The token
# page is Home Affairs' and admins' (each sees its own province's tokens).
def api(table: dict[str, int]) -> dict[str, int]:
    return {**table, "anonymous": 401}


def api_report(kind="h1"):
    return lambda w: {"pk": w["bloc"].pk, "year": w["year"], "kind": kind}


ROWS += [
    Row("api:schema", get=dict.fromkeys(ROLES, 200), post=False),
    Row("api:reference", get=dict.fromkeys(ROLES, 200), post=False),
    *(
        Row(f"api:{name}", get=api(EVERYONE), post=False)
        for name in (
            "provinces",
            "agencies",
            "blocs",
            "rosters",
            "periods",
            "submissions",
            "award_counts",
            "conferences",
        )
    ),
    Row("api:province", lambda w: {"pk": w["p"].pk}, api(READ_PROVINCE), post=False),
    Row("api:agency", lambda w: {"pk": w["agency"].pk}, api(READ_PROVINCE), post=False),
    Row("api:bloc", lambda w: {"pk": w["bloc"].pk}, api(READ_PROVINCE), post=False),
    Row("api:period", per, api(READ_PROVINCE), post=False),
    Row("api:conference", conf, api(READ_BLOC_YEAR), post=False),
    Row("api:ranking", by, api(RANKING_UNFINALISED), post=False),
    Row("api:bloc_report", api_report(), api(READ_BLOC_YEAR), post=False),
    Row("api:rollup", lambda w: {"pk": w["p"].pk, "year": w["year"], "kind": "h1"}, api(MANAGE_PROVINCE), post=False),
    Row("api:statutory", lambda w: {"pk": w["p"].pk, "year": w["year"]}, api(MANAGE_PROVINCE), post=False),
    Row("api:tokens", get=expect(403, ha_province=200, ha_other_province=200, admin=200)),
    Row("api:token_revoke", lambda w: {"pk": w["token"].pk}, POST_ONLY, post=False),
]

# Setting up a province (blocs/setup_views.py, blocs/import_views.py): Home Affairs of the
# province and admins manage its agencies and bloc division; every Home Affairs office and the
# admin open the accounts pages (each lists its own province's accounts), officers are refused.
SETUP_PAGES = expect(403, ha_province=200, ha_other_province=200, admin=200)
# Resetting or deactivating the account of O's officer: another province's Home Affairs cannot
# find it (404), officers may not manage accounts (403).
ACCOUNT_ACTION = expect(403, ha_other_province=404, ha_province=200, admin=200)


def agency_of(w):
    return {"pk": w["agency"].pk}


def province_of(w):
    return {"province_pk": w["p"].pk}


def account_of(w):
    return {"pk": w["users"]["officer_agency"].pk}


ROWS += [
    Row("blocs:agency_create", province_of, MANAGE_PROVINCE),
    Row("blocs:agency_edit", agency_of, MANAGE_PROVINCE),
    Row("blocs:agency_rename", agency_of, MANAGE_PROVINCE),
    Row("blocs:agency_end", agency_of, MANAGE_PROVINCE),
    Row("blocs:agency_reactivate", agency_of, POST_ONLY, post=False),
    Row("blocs:accounts", get=SETUP_PAGES, post=False),
    Row("blocs:account_create", get=SETUP_PAGES),
    Row("blocs:account_active", account_of, POST_ONLY, post=False),
    Row("blocs:account_password", account_of, POST_ONLY, post=False),
    Row("blocs:bloc_import", province_of, MANAGE_PROVINCE),
    Row("blocs:import_template", province_of, MANAGE_PROVINCE, post=False),
]


# Proposals: members of the bloc that year read the dossier (their own items); the leader
# officer of that year builds and submits it; Home Affairs and admins process it (receive,
# return, review, decide, close) and see the province board; the whole dossier (documents,
# generated papers) is the leader officer's, Home Affairs' and admins'.
def dos(w):
    return {"pk": w["dossier"].pk}


def dos_item(w):
    return {"pk": w["dossier"].pk, "item_pk": w["item"].pk}


def dos_doc(w):
    return {"pk": w["dossier"].pk, "document_pk": w["document"].pk}


# Admins are superusers: every permission, building included.
BUILD = scoped(province_officers=403, leader_in_year=200, home_affairs=403)
PROCESS = scoped(province_officers=403)
WHOLE_DOSSIER = scoped(province_officers=403, leader_in_year=200)
ROWS += [
    Row("proposals:index", get=EVERYONE, post=False),
    Row("proposals:bloc_year", lambda w: {"bloc_pk": w["bloc"].pk, "year": 2022}, READ_BLOC_YEAR, post=False),
    Row("proposals:create", lambda w: {"conference_pk": w["conference"].pk}, POST_ONLY, post=False),
    Row("proposals:detail", dos, READ_BLOC_YEAR, post=False),
    Row("proposals:edit", dos, BUILD),
    Row("proposals:history", dos, READ_BLOC_YEAR, post=False),
    Row("proposals:item_create", dos, BUILD),
    Row("proposals:item_edit", dos_item, BUILD),
    Row("proposals:item_delete", dos_item, POST_ONLY, post=False),
    Row("proposals:individuals_template", dos, BUILD, post=False),
    Row("proposals:individuals_upload", dos, BUILD),
    Row("proposals:document_upload", dos, BUILD),
    Row("proposals:document", dos_doc, WHOLE_DOSSIER, post=False),
    Row("proposals:document_delete", dos_doc, POST_ONLY, post=False),
    Row("proposals:cover_letter", dos, WHOLE_DOSSIER, post=False),
    Row("proposals:minutes", dos, WHOLE_DOSSIER, post=False),
    Row("proposals:vote_count", dos, WHOLE_DOSSIER, post=False),
    Row("proposals:submit", dos, POST_ONLY, post=False),
    Row("proposals:receive", dos, POST_ONLY, post=False),
    Row("proposals:return", dos, PROCESS),
    Row("proposals:review", dos, PROCESS),
    Row("proposals:decide", dos, PROCESS),
    Row("proposals:close", dos, POST_ONLY, post=False),
    Row("proposals:board", lambda w: {"pk": w["p"].pk, "year": 2022}, MANAGE_PROVINCE, post=False),
    Row("proposals:board_xlsx", lambda w: {"pk": w["p"].pk, "year": 2022}, MANAGE_PROVINCE, post=False),
    Row("proposals:draft_decision", lambda w: {"pk": w["p"].pk, "year": 2022}, MANAGE_PROVINCE, post=False),
]

# Actions that only accept POST: who may perform them, checked with a POST that must not
# write for refused roles (allowed roles are exercised by the apps' own tests).
POST_ACTIONS = [
    ("awards:period_close", per, MANAGE_PROVINCE),
    ("awards:accept", sub, REVIEW),
    ("conferences:delete", conf, MANAGE_BLOC_YEAR),
    ("conferences:vote_delete", lambda w: {"pk": w["conference"].pk, "vote_pk": w["vote"].pk}, MANAGE_BLOC_YEAR),
    (
        "conferences:attachment_delete",
        lambda w: {"pk": w["conference"].pk, "attachment_pk": w["attachment"].pk},
        MANAGE_BLOC_YEAR,
    ),
    ("scoring:target_delete", lambda w: {**by(w), "target_pk": w["target"].pk}, MANAGE_BLOC_YEAR),
    ("scoring:table_create", by, MANAGE_BLOC_YEAR),
    ("scoring:row_delete", lambda w: {**by_row("bonus")(w), "kind": "item"}, MANAGE_BLOC_YEAR),
    # Only the agency's own officers submit its self-assessment.
    ("scoring:sheet_submit", by_agency, scoped(province_officers=403, officer_agency=200, home_affairs=403, admin=403)),
    ("scoring:sheet_return", by_agency, MANAGE_BLOC_YEAR),
    ("scoring:finalise", by, MANAGE_BLOC_YEAR),
    # Tokens are listed and revoked by Home Affairs of their province and admins only.
    ("api:token_revoke", lambda w: {"pk": w["token"].pk}, scoped(province_officers=404)),
    ("blocs:agency_reactivate", agency_of, MANAGE_PROVINCE),
    ("blocs:account_active", account_of, ACCOUNT_ACTION),
    ("blocs:account_password", account_of, ACCOUNT_ACTION),
    ("proposals:create", lambda w: {"conference_pk": w["conference"].pk}, BUILD),
    ("proposals:item_delete", dos_item, BUILD),
    ("proposals:document_delete", dos_doc, BUILD),
    ("proposals:submit", dos, BUILD),
    ("proposals:receive", dos, PROCESS),
    ("proposals:close", dos, PROCESS),
]


def _url_names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_has_a_row():
    names = {n for n in _url_names(get_resolver().url_patterns) if not n.startswith(EXEMPT_PREFIXES)} - EXEMPT
    assert names == {row.name for row in ROWS}


def _sessions(users):
    """One session per role, made once with the module's rows (each test logged in eight
    roles with `force_login`: 2,300 logins). A test's changes to a session are rolled back
    with its other writes."""
    return {role: session_key(user) for role, user in users.items() if user is not None}


def _client(world, role):
    """A client logged in as `role` (anonymous: no session)."""
    client = Client()
    if role in world["sessions"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_get_status_by_role(world, row):
    url = reverse(row.name, kwargs=row.kwargs(world))
    got = {role: _client(world, role).get(url).status_code for role in ROLES}
    assert got == row.get


@pytest.mark.parametrize("row", [r for r in ROWS if r.post], ids=[r.name for r in ROWS if r.post])
def test_post_by_refused_roles_writes_nothing(world, row):
    url = reverse(row.name, kwargs=row.kwargs(world))
    refused = [role for role, status in row.get.items() if status != 200]
    before = db_snapshot()
    got = {role: _client(world, role).post(url, {}).status_code for role in refused}
    assert got == {role: row.get[role] for role in refused}
    assert db_snapshot() == before


@pytest.mark.parametrize(("name", "kwargs", "table"), POST_ACTIONS, ids=[a[0] for a in POST_ACTIONS])
def test_post_actions_refused_roles_write_nothing(world, name, kwargs, table):
    url = reverse(name, kwargs=kwargs(world))
    refused = [role for role, status in table.items() if status != 200]
    before = db_snapshot()
    got = {role: _client(world, role).post(url, {}).status_code for role in refused}
    assert got == {role: table[role] for role in refused}
    assert db_snapshot() == before


def test_anonymous_is_sent_to_login(world):
    response = Client().get(reverse("blocs:detail", kwargs={"pk": world["bloc"].pk}))
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", ["scoring:ranking", "scoring:ranking_xlsx", "scoring:ranking_docx"])
def test_ranking_opens_to_members_once_finalised(world, name):
    # Finalising needs every member's sheet and the bloc's scores; the rows only need the state.
    ScoringTable.objects.filter(pk=world["table"].table.pk).update(finalised_at=timezone.now())
    url = reverse(name, kwargs=by(world))
    got = {role: _client(world, role).get(url).status_code for role in ROLES}
    assert got == READ_BLOC_YEAR


def test_docs_list_every_url():
    """docs/permissions.md documents the matrix: every URL name of it appears there."""
    doc = (settings.BASE_DIR / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert [row.name for row in ROWS if f"`{row.name}`" not in doc] == []
