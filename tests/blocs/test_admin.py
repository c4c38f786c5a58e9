"""The Django admin: agency labels name the province; codes are made from names server-side."""

import pytest
from django.urls import reverse

from awards.models import AwardForm
from blocs.models import Province
from tests.factories import AgencyFactory, ProvinceFactory, admin_user, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    """Four provinces, each with its "Công an tỉnh"."""
    names = ["Bắc Giang", "Bắc Kạn", "Đồng Tháp", "Thái Nguyên"]
    return [AgencyFactory(province=ProvinceFactory(name=n), name="Công an tỉnh") for n in names]


def test_admin_autocomplete_labels_agencies_with_province(client, police):
    client.force_login(admin_user())
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Công an", "app_label": "blocs", "model_name": "user", "field_name": "agency"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        "Công an tỉnh (Bắc Giang)",
        "Công an tỉnh (Bắc Kạn)",
        "Công an tỉnh (Đồng Tháp)",
        "Công an tỉnh (Thái Nguyên)",
    ]


def test_admin_user_form_shows_selected_agency_with_province(client, police):
    client.force_login(admin_user())
    user = officer(police[2])
    response = client.get(reverse("admin:blocs_user_change", args=[user.pk]))
    assert "Công an tỉnh (Đồng Tháp)" in response.content.decode()


def test_admin_user_list_shows_agency_with_province(client, police):
    client.force_login(admin_user())
    officer(police[1], username="bk.congan")
    response = client.get(reverse("admin:blocs_user_changelist"), {"q": "bk.congan"})
    assert "Công an tỉnh (Bắc Kạn)" in response.content.decode()


def test_admin_province_code_made_from_name_when_empty(client):
    client.force_login(admin_user())
    response = client.post(reverse("admin:blocs_province_add"), {"name": "Đà Nẵng", "code": ""})
    assert response.status_code == 302
    assert Province.objects.get(name="Đà Nẵng").code == "da-nang"


def test_admin_province_code_typed_is_kept(client):
    client.force_login(admin_user())
    client.post(reverse("admin:blocs_province_add"), {"name": "Bắc Kạn", "code": "bk"})
    assert Province.objects.get(name="Bắc Kạn").code == "bk"


def test_admin_province_add_page_has_no_slug_script(client):
    client.force_login(admin_user())
    response = client.get(reverse("admin:blocs_province_add"))
    assert response.context["prepopulated_fields"] == []


def test_admin_award_form_code_made_from_name_when_empty(client):
    client.force_login(admin_user())
    response = client.post(
        reverse("admin:awards_awardform_add"),
        {
            "name": "Bằng khen của Chủ tịch UBND tỉnh Đắk Lắk",
            "code": "",
            "level": "ministry_province",
            "recipients": "both",
            "category": "commendation",
            "display_order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AwardForm.objects.get(name="Bằng khen của Chủ tịch UBND tỉnh Đắk Lắk").code == (
        "bang-khen-cua-chu-tich-ubnd-tinh-dak-lak"
    )
