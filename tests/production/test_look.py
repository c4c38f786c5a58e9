"""One look (#16): the vendored interface font, the icon, translated admin labels."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ProvinceFactory, admin_user, home_affairs

pytestmark = pytest.mark.django_db


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/icon-32.png")
    assert (settings.BASE_DIR / "static" / "img" / "icon-32.png").exists()


def test_pages_link_the_icon_and_the_vendored_font(client):
    client.force_login(home_affairs(ProvinceFactory()))
    html = client.get(reverse("blocs:list")).content.decode()
    assert 'rel="icon" href="/static/img/icon.svg"' in html
    assert "/static/vendor/be-vietnam-pro/400.css" in html
    for weight in (400, 600, 700):
        css = (settings.BASE_DIR / "static" / "vendor" / "be-vietnam-pro" / f"{weight}.css").read_text()
        for url in css.split("url(./")[1:]:
            assert (settings.BASE_DIR / "static" / "vendor" / "be-vietnam-pro" / url.split(")")[0]).exists()


def test_admin_labels_of_add_on_apps_are_vietnamese(client):
    client.force_login(admin_user())
    html = client.get(reverse("admin:index")).content.decode()
    assert "Bảo vệ đăng nhập" in html
    assert "Lần đăng nhập sai" in html
    assert ">Axes<" not in html and "Access attempts" not in html
    assert "Toggle theme" not in html
