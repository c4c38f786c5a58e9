"""The permission matrix: every URL of the project × every role, GET and POST.

URL names are read from the URLconf, so a new page without a row here fails
`test_every_url_has_a_row`. Expected statuses: 302 (to the login page) for anonymous users,
404 for objects outside the user's scope, 403 for objects in scope but not allowed, 200 when
allowed. A POST by a role that may not write is refused with the same status and writes
nothing (row counts of every table of our apps compared). The matrix is documented in
docs/permissions.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from awards.models import AwardForm
from blocs import services as bloc_services
from blocs.models import BlocRegulation
from conferences.models import Attachment, Vote
from tests.awards import factories as award_builders
from tests.conferences.factories import ConferenceFactory
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
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
EXEMPT = {"login", "logout", "set_language", "healthz"}


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


@pytest.fixture
def world():
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
    return {
        "p": p,
        "q": q,
        "bloc": bloc,
        "agency": own,
        "year": 2022,
        "conference": conference,
        "vote": vote,
        "attachment": attachment,
        "period": period,
        "submission": submission,
        "users": users,
    }


def bloc_year(w):
    return {"pk": w["bloc"].pk, "year": w["year"]}


ROWS = [
    Row("home", get=EVERYONE, post=False),
    Row("blocs:list", get=EVERYONE, post=False),
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
    Row("awards:upload", slot, scoped(province_officers=404, officer_agency=403, leader_in_year=403, home_affairs=403)),
    Row("awards:accept", sub, POST_ONLY, post=False),
    Row("awards:return", sub, REVIEW),
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


def _client(world, role):
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
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
