"""Who sees what through the API: tokens see their province only, session users what the pages
show them; 401 without credentials, 403 out of scope, 404 for objects outside it."""

import pytest
from django.test import Client
from django.urls import reverse

from api import services
from blocs import services as bloc_services
from tests.awards import factories as award_builders
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Province P: bloc B of 2022 (L leads; O, X members) and agency Y in no bloc; O has a draft,
    X a submitted report. Province Q: bloc C with agency Z, submitted."""
    p, q = ProvinceFactory(name="Tỉnh P"), ProvinceFactory(name="Tỉnh Q")
    bloc = BlocFactory(province=p, name="Khối B")
    lead, own, other = (AgencyFactory(province=p, name=f"Cơ quan {c}") for c in "LOX")
    bloc_services.set_roster(bloc=bloc, year=2022, agencies=[lead, own, other], leader=lead)
    other_bloc = BlocFactory(province=q, name="Khối C")
    z = AgencyFactory(province=q, name="Cơ quan Z")
    bloc_services.set_roster(bloc=other_bloc, year=2022, agencies=[z])
    period_p, period_q = award_builders.period(p), award_builders.period(q)
    award_builders.save(own, period_p, [award_builders.row(collectives=2)])
    award_builders.save(other, period_p, [award_builders.row(individuals=3)], submit=True)
    award_builders.save(z, period_q, [award_builders.row(collectives=7)], submit=True)
    admin = admin_user()
    return {
        "p": p,
        "q": q,
        "bloc": bloc,
        "other_bloc": other_bloc,
        "own": own,
        "other": other,
        "lead": lead,
        "period_p": period_p,
        "period_q": period_q,
        "admin": admin,
    }


def _token_client(province, admin):
    new = services.create_token(name="Hệ thống", province=province, user=admin)
    return Client(HTTP_AUTHORIZATION=f"Bearer {new.key}")


def _session(user):
    client = Client()
    client.force_login(user)
    return client


def _names(client, name, **params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response.status_code == 200, response.content
    return sorted(r.get("agency_name") or r.get("name") or str(r.get("id")) for r in response.json()["results"])


def test_token_of_one_province_sees_nothing_of_another(world):
    client = _token_client(world["p"], world["admin"])
    assert _names(client, "provinces") == ["Tỉnh P"]
    assert _names(client, "blocs") == ["Khối B"]
    assert "Cơ quan Z" not in _names(client, "agencies")
    assert _names(client, "submissions") == ["Cơ quan O", "Cơ quan X"]
    assert _names(client, "award_counts") == ["Cơ quan O", "Cơ quan X"]
    assert _names(client, "rosters") == ["Cơ quan L", "Cơ quan O", "Cơ quan X"]
    # Objects of Q are not found; lists filtered on Q are refused.
    for name, pk in (("bloc", world["other_bloc"].pk), ("province", world["q"].pk), ("period", world["period_q"].pk)):
        assert client.get(reverse(f"api:{name}", args=[pk])).status_code == 404
    assert client.get(reverse("api:bloc_report", args=[world["other_bloc"].pk, 2022, "h1"])).status_code == 404
    assert client.get(reverse("api:rollup", args=[world["q"].pk, 2022, "h1"])).status_code == 404
    response = client.get(reverse("api:blocs"), {"province": world["q"].pk})
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_national_token_sees_both_provinces(world):
    client = _token_client(None, world["admin"])
    assert _names(client, "provinces") == ["Tỉnh P", "Tỉnh Q"]
    assert _names(client, "award_counts") == ["Cơ quan O", "Cơ quan X", "Cơ quan Z"]


def test_officer_sees_own_draft_and_members_submitted_figures_only(world):
    client = _session(officer(world["other"]))
    # X's officer: its own submitted report; O's draft is not shown (as in the bloc report).
    assert _names(client, "award_counts") == ["Cơ quan X"]
    assert _names(client, "submissions") == ["Cơ quan O", "Cơ quan X"]  # states, as the report shows them
    own_client = _session(officer(world["own"]))
    assert _names(own_client, "award_counts") == ["Cơ quan O", "Cơ quan X"]


def test_officer_reads_the_bloc_report_without_drafts(world):
    client = _session(officer(world["own"]))
    url = reverse("api:bloc_report", args=[world["bloc"].pk, 2022, "h1"])
    assert client.get(url).json()["scope"] == "accepted"  # the official scope by default
    data = client.get(url, {"scope": "submitted"}).json()
    assert data["scope"] == "submitted"
    assert (data["totals"]["granted__total__c"], data["totals"]["granted__total__i"]) == (0, 3)
    refused = client.get(url, {"scope": "all"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Chỉ Sở Nội vụ mới xem số liệu của báo cáo nháp: hãy chọn scope=submitted hoặc scope=accepted."
    )
    # Province reports are Home Affairs': in scope, not allowed.
    assert client.get(reverse("api:rollup", args=[world["p"].pk, 2022, "h1"])).status_code == 403


def test_officer_outside_the_bloc_sees_no_bloc_year_data(world):
    outsider = AgencyFactory(province=world["p"], name="Cơ quan Y")
    client = _session(officer(outsider))
    assert _names(client, "award_counts") == []
    assert _names(client, "submissions") == []
    assert _names(client, "blocs") == ["Khối B"]  # the catalogue of the province, as on the bloc list
    url = reverse("api:bloc_report", args=[world["bloc"].pk, 2022, "h1"])
    assert client.get(url).status_code == 403


def test_home_affairs_session_sees_its_province_and_drafts(world):
    client = _session(home_affairs(world["p"]))
    assert _names(client, "award_counts", submission_state="draft") == ["Cơ quan O"]
    assert client.get(reverse("api:bloc", args=[world["other_bloc"].pk])).status_code == 404


def test_no_credentials_is_401_json_with_www_authenticate(world):
    response = Client().get(reverse("api:blocs"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "Cần xác thực: hãy gửi mã truy cập (Authorization: Bearer <mã>) hoặc đăng nhập.",
    }


def test_revoked_or_unknown_token_is_401(world):
    new = services.create_token(name="Hệ thống", province=world["p"], user=world["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {new.key}")
    assert client.get(reverse("api:blocs")).status_code == 200
    services.revoke_token(token=new.token, user=world["admin"])
    response = client.get(reverse("api:blocs"))
    assert (response.status_code, response.json()["code"]) == (401, "bad_token")
    assert Client(HTTP_AUTHORIZATION="Bearer nope").get(reverse("api:blocs")).status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer a b").get(reverse("api:blocs")).json()["code"] == "bad_header"


def test_every_use_of_a_token_is_counted(world):
    new = services.create_token(name="Hệ thống", province=world["p"], user=world["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {new.key}")
    for _ in range(3):
        client.get(reverse("api:provinces"))
    new.token.refresh_from_db()
    assert new.token.use_count == 3
    assert new.token.last_used_at is not None
    assert new.token.history.count() == 1  # counting writes no history


def test_errors_follow_accept_language(world):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("api:blocs"))
    assert response.json()["detail"] == (
        "Authentication required: send a token (Authorization: Bearer <token>) or log in."
    )


def test_unknown_path_and_writes_answer_json(world):
    client = _token_client(world["p"], world["admin"])
    missing = client.get("/api/v1/nothing-here/")
    assert (missing.status_code, missing["Content-Type"], missing.json()["code"]) == (
        404,
        "application/json",
        "not_found",
    )
    post = client.post(reverse("api:blocs"), {}, content_type="application/json")
    assert post.status_code == 405
    assert post.json()["detail"] == "Không cho phép phương thức POST: API này chỉ để đọc."


def test_bad_filter_is_400_naming_the_parameter(world):
    client = _token_client(world["p"], world["admin"])
    response = client.get(reverse("api:award_counts"), {"year": "hai nghìn", "status": "maybe"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "Một số tham số của yêu cầu không hợp lệ."
    assert set(body["errors"]) == {"year", "status"}


def test_throttle_per_token(world, settings):
    settings.API_THROTTLE_RATE = "2/min"
    first = _token_client(world["p"], world["admin"])
    second = _token_client(world["p"], world["admin"])
    assert [first.get(reverse("api:provinces")).status_code for _ in range(3)] == [200, 200, 429]
    assert second.get(reverse("api:provinces")).status_code == 200  # its own budget
    throttled = first.get(reverse("api:provinces"))
    assert throttled.json()["code"] == "throttled"
    assert throttled.json()["detail"].startswith("Quá nhiều yêu cầu")
