"""Vietnamese first: every catalogue complete, Vietnamese by default, English on request, dates dd/mm/yyyy."""

import datetime
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [*sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")), ROOT / "locale/vi/LC_MESSAGES/django.po"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="vi">' in html and "Đăng nhập" in html


@pytest.mark.django_db
def test_english_selected_by_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html and "Log in" in html


def test_dates_render_dd_mm_yyyy_in_both_languages():
    tpl = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ d }}")
    for lang in ("vi", "en"):
        with translation.override(lang):
            assert tpl.render(Context({"d": datetime.date(2023, 1, 4)})) == "04/01/2023 04/01/2023"


def test_django_mistranslation_overridden():
    with translation.override("vi"):
        assert translation.gettext("Enter a whole number.") == "Nhập một số nguyên."
