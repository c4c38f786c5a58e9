"""Bloc pages for anonymous, officer of another province, officer, Home Affairs of another
province, Home Affairs of the province and admin; plus pinned query counts."""

import pytest
from django.urls import reverse

from blocs import services
from blocs.models import Bloc, Membership
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs, officer
from tests.postdata import with_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = ProvinceFactory(name="Đồng Tháp")
    other_province = ProvinceFactory(name="Bắc Giang")
    bloc = BlocFactory(province=province, name="Khối Thi đua số 6", number=6)
    agencies = [AgencyFactory(province=province, name=f"Cơ quan {c}") for c in "ABCD"]
    services.set_roster(bloc=bloc, year=2022, agencies=agencies[:3], leader=agencies[0], deputies=[agencies[1]])
    return {
        "province": province,
        "bloc": bloc,
        "agencies": agencies,
        "ha": home_affairs(province),
        "ha_other": home_affairs(other_province),
        "officer": officer(agencies[2]),
        "officer_other": officer(AgencyFactory(province=other_province)),
        "admin": admin_user(),
    }


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 302), ("officer_other", 404), ("ha_other", 404), ("officer", 200), ("ha", 200), ("admin", 200)],
)
def test_bloc_detail_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("blocs:detail", args=[world["bloc"].pk]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 302), ("officer_other", 404), ("ha_other", 404), ("officer", 403), ("ha", 200), ("admin", 200)],
)
def test_roster_edit_access_by_role(client, world, who, expected):
    response = _get(client, world.get(who), reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]))
    assert response.status_code == expected


@pytest.mark.parametrize("who", ["officer", "officer_other", "ha_other"])
def test_roster_post_by_wrong_role_writes_nothing(client, world, who):
    client.force_login(world[who])
    a = world["agencies"]
    before = list(Membership.objects.values_list("agency_id", "year", "role").order_by("agency_id"))
    response = client.post(
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        {"agencies": [a[3].pk], "leader": a[3].pk},
    )
    assert response.status_code in (403, 404)
    assert list(Membership.objects.values_list("agency_id", "year", "role").order_by("agency_id")) == before


def test_bloc_list_scoped_to_province(client, world):
    BlocFactory(name="Khối của tỉnh khác")
    client.force_login(world["officer"])
    response = client.get(reverse("blocs:list"))
    names = [b.name for b in response.context["blocs"]]
    assert names == ["Khối Thi đua số 6"]


def test_bloc_list_year_filter_counts_members(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:list"), {"year": 2022})
    [bloc] = response.context["blocs"]
    assert bloc.member_count == 3
    assert client.get(reverse("blocs:list"), {"year": 2030}).context["blocs"] == []


def test_bloc_list_bad_year_filter_is_a_form_error_not_500(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:list"), {"year": "abc"})
    assert response.status_code == 200
    assert "Nhập một số nguyên (chỉ dùng các chữ số 0-9)." in response.content.decode()


def test_bloc_detail_shows_roster_with_roles_in_vietnamese(client, world):
    client.force_login(world["ha"])
    response = client.get(reverse("blocs:detail", args=[world["bloc"].pk]), {"year": 2022})
    html = response.content.decode()
    assert [m.role for m in response.context["members"]] == ["leader", "deputy", "member"]
    assert "Trưởng khối" in html and "Phó khối" in html and "Lịch sử lãnh đạo khối" in html


def test_bloc_detail_year_out_of_range_is_404(client, world):
    client.force_login(world["ha"])
    assert client.get(reverse("blocs:detail", args=[world["bloc"].pk]), {"year": "99999"}).status_code == 404


def test_roster_edit_post_saves_roles(client, world):
    client.force_login(world["ha"])
    a = world["agencies"]
    response = client.post(
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        with_version(
            client,
            reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
            {"agencies": [a[0].pk, a[1].pk, a[3].pk], "leader": a[3].pk, "deputy_1": a[0].pk},
        ),
    )
    assert response.status_code == 302
    roles = dict(Membership.objects.filter(year=2022).values_list("agency__name", "role"))
    assert roles == {"Cơ quan A": "deputy", "Cơ quan B": "member", "Cơ quan D": "leader"}


def test_roster_edit_deputy_equal_leader_shows_vietnamese_error_and_writes_nothing(client, world):
    client.force_login(world["ha"])
    a = world["agencies"]
    before = list(Membership.objects.values_list("agency_id", "role").order_by("agency_id"))
    response = client.post(
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        with_version(
            client,
            reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
            {"agencies": [a[0].pk, a[1].pk], "leader": a[0].pk, "deputy_1": a[0].pk},
        ),
    )
    assert response.status_code == 200
    assert "Năm 2022: Cơ quan A là Trưởng khối, không thể đồng thời là Phó khối." in response.content.decode()
    assert list(Membership.objects.values_list("agency_id", "role").order_by("agency_id")) == before


def test_roster_edit_agency_of_other_province_in_post_is_rejected(client, world):
    client.force_login(world["ha"])
    foreign = AgencyFactory()
    response = client.post(reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]), {"agencies": [foreign.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["agencies"]
    assert not Membership.objects.filter(agency=foreign).exists()


def test_prepare_next_year_get_proposes_and_post_creates(client, world):
    client.force_login(world["ha"])
    url = reverse("blocs:prepare_next_year", args=[world["bloc"].pk, 2022])
    response = client.get(url)
    a = world["agencies"]
    form = response.context["form"]
    assert form.initial["leader"] == a[1].pk and form.initial["deputy_1"] == a[2].pk
    response = client.post(url, {"agencies": [a[0].pk, a[1].pk, a[2].pk], "leader": a[1].pk, "deputy_1": a[2].pk})
    assert response.status_code == 302
    assert Membership.objects.get(year=2023, role="leader").agency == a[1]


def test_bloc_create_by_home_affairs(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:create", args=[world["province"].pk]),
        {
            "name": "Khối Văn hóa - Xã hội",
            "kind": "khoi",
            "max_deputies": 2,
            "leader_selection": "elected",
            "vote_threshold_percent": 50,
        },
    )
    assert response.status_code == 302
    assert Bloc.objects.get(name="Khối Văn hóa - Xã hội").province == world["province"]


def test_bloc_create_in_other_province_is_404(client, world):
    client.force_login(world["ha_other"])
    response = client.post(reverse("blocs:create", args=[world["province"].pk]), {"name": "X", "kind": "khoi"})
    assert response.status_code == 404
    assert not Bloc.objects.filter(name="X").exists()


def test_bloc_create_invalid_max_deputies_is_form_error(client, world):
    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:create", args=[world["province"].pk]),
        {
            "name": "Khối Z",
            "kind": "khoi",
            "max_deputies": 7,
            "leader_selection": "elected",
            "vote_threshold_percent": 50,
        },
    )
    assert response.status_code == 200
    assert "Khối có từ 1 đến 3 Phó khối." in response.content.decode()
    assert not Bloc.objects.filter(name="Khối Z").exists()


def test_agency_detail_lists_roles_by_year(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("blocs:agency", args=[world["agencies"][0].pk]))
    assert [(m.year, m.role) for m in response.context["memberships"]] == [(2022, "leader")]


def test_agency_detail_other_province_is_404(client, world):
    client.force_login(world["officer_other"])
    assert client.get(reverse("blocs:agency", args=[world["agencies"][0].pk])).status_code == 404


def _many_blocs(province, n):
    for _i in range(n):
        bloc = BlocFactory(province=province)
        agencies = [AgencyFactory(province=province) for _ in range(3)]
        services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[0], deputies=[agencies[1]])


@pytest.mark.parametrize("extra_blocs", [0, 30])
def test_bloc_list_query_count_is_constant(client, world, django_assert_num_queries, extra_blocs):
    _many_blocs(world["province"], extra_blocs)
    client.force_login(world["ha"])
    # session, user, lineage (2), blocs with aggregates, provinces (for "new bloc" buttons)
    with django_assert_num_queries(6):
        client.get(reverse("blocs:list"), {"year": 2022})


@pytest.mark.parametrize("extra_years", [0, 10])
def test_bloc_detail_query_count_is_constant(client, world, django_assert_num_queries, extra_years):
    bloc, a = world["bloc"], world["agencies"]
    for y in range(2010, 2010 + extra_years):
        services.set_roster(bloc=bloc, year=y, agencies=a, leader=a[y % 4], deputies=[a[(y + 1) % 4]])
    client.force_login(world["ha"])
    with django_assert_num_queries(12):  # 11, and the bloc's years for the year menu (one query)
        client.get(reverse("blocs:detail", args=[bloc.pk]), {"year": 2022})


def test_roster_edit_records_decision_as_source_of_new_leader(client, world):
    client.force_login(world["ha"])
    a = world["agencies"]
    response = client.post(
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        with_version(
            client,
            reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
            {
                "agencies": [a[0].pk, a[1].pk, a[2].pk],
                "leader": a[2].pk,
                "deputy_1": a[1].pk,
                "role_source": "decision",
                "role_source_reference": "15/QĐ-UBND",
                "role_source_date": "05/01/2022",
            },
        ),
    )
    assert response.status_code == 302
    leader = Membership.objects.get(year=2022, role="leader")
    assert (leader.agency, leader.role_source, leader.role_source_reference, leader.role_source_date.isoformat()) == (
        a[2],
        "decision",
        "15/QĐ-UBND",
        "2022-01-05",
    )
    # The deputy kept its role, so it keeps its earlier (manual) source.
    assert Membership.objects.get(year=2022, role="deputy").role_source == "manual"


def test_roster_edit_decision_without_number_is_form_error(client, world):
    client.force_login(world["ha"])
    a = world["agencies"]
    response = client.post(
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        {"agencies": [a[0].pk], "leader": a[0].pk, "role_source": "decision"},
    )
    assert response.status_code == 200
    assert "Nhập số quyết định chỉ định." in response.content.decode()


def test_regulation_upload_and_download_scoped(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["ha"])
    url = reverse("blocs:regulation_edit", args=[world["bloc"].pk, 2022])
    pdf = SimpleUploadedFile("quy-che.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        url,
        with_version(
            client,
            url,
            {"number": "157/QĐ-KTĐS6", "date": "22/03/2022", "title": "Quy định tổ chức và hoạt động", "file": pdf},
        ),
    )
    assert response.status_code == 302
    file_url = reverse("blocs:regulation_file", args=[world["bloc"].pk, 2022])
    assert client.get(file_url).status_code == 200
    client.force_login(world["officer"])
    response = client.get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(world["officer_other"])
    assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quy-che.exe", b"MZ....", "Chỉ chấp nhận các loại tệp: PDF, DOC, DOCX."),
        ("quy-che.pdf", b"<html>not a pdf</html>", "Nội dung tệp không phải là tệp PDF."),
    ],
)
def test_regulation_bad_upload_writes_nothing(client, world, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blocs.models import BlocRegulation

    client.force_login(world["ha"])
    response = client.post(
        reverse("blocs:regulation_edit", args=[world["bloc"].pk, 2022]),
        {"number": "1/QĐ", "title": "T", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BlocRegulation.objects.exists()


def test_regulation_edit_forbidden_for_officer(client, world):
    client.force_login(world["officer"])
    response = client.post(
        reverse("blocs:regulation_edit", args=[world["bloc"].pk, 2022]), {"number": "1/QĐ", "title": "T"}
    )
    assert response.status_code == 403
