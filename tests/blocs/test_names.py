"""Stored names in their canonical form: on save, in the data migration, and the look-alike list."""

import io

import pytest
from django.core.management import call_command

from blocs.models import Agency, Bloc
from blocs.names import find_lookalikes, migration_operation, normalise_stored, text_fields, visible
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NFC = "Khối Nội chính"
VARIANTS = {
    "nfd": "Kho\u0302\u0301i No\u0323\u0302i chi\u0301nh",
    "zero-width": "Khối Nội\u200b chính",
    "rtl-override": "\u202eKhối Nội chính",
    "fullwidth": "Ｋｈối Ｎội chính",
}


def test_text_fields_of_a_bloc_are_its_name_and_description():
    assert [f.name for f in text_fields(Bloc)] == ["name", "description"]


def test_text_fields_leave_out_choices_e_mail_and_slugs():
    assert [f.name for f in text_fields(Agency)] == ["name", "short_name"]


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_save_stores_the_canonical_name(variant):
    bloc = BlocFactory(name=variant, description="  dòng một \u200b\r\n\r\ndòng\tba ")
    bloc.refresh_from_db()
    assert (bloc.name, bloc.description) == (NFC, "dòng một\n\ndòng ba")


def _store_raw(obj, **values):
    """Write text as an old version stored it, past `save()`."""
    type(obj).objects.filter(pk=obj.pk).update(**values)


def test_normalise_stored_rewrites_rows_that_collide_with_nothing():
    bloc = BlocFactory(name="x")
    _store_raw(bloc, name=VARIANTS["nfd"], description="a\u200b  b")
    conflicts = normalise_stored([Bloc], report=lambda line: None)
    bloc.refresh_from_db()
    assert conflicts == [] and (bloc.name, bloc.description) == (NFC, "a b")


def test_normalise_stored_leaves_would_be_duplicates_unchanged_and_reports_them():
    province = ProvinceFactory()
    first = BlocFactory(province=province, name=NFC)
    second = BlocFactory(province=province, name="y")
    _store_raw(second, name=VARIANTS["zero-width"])
    elsewhere = BlocFactory(name="z")  # another province: no collision
    _store_raw(elsewhere, name=VARIANTS["zero-width"])
    lines = []
    conflicts = normalise_stored([Bloc], report=lines.append)
    second.refresh_from_db()
    elsewhere.refresh_from_db()
    assert second.name == VARIANTS["zero-width"] and elsewhere.name == NFC
    assert [c.rows for c in conflicts] == [((first.pk, NFC), (second.pk, VARIANTS["zero-width"]))]
    assert lines == [f"blocs.Bloc (province, name): #{first.pk} “{NFC}”, #{second.pk} “Khối Nội\\u200b chính”"]


def test_migration_operation_prints_the_rows_it_left(capsys):
    from django.apps import apps

    province = ProvinceFactory()
    AgencyFactory(province=province, name="Sở Nội vụ")
    other = AgencyFactory(province=province, name="tmp")
    _store_raw(other, name="Sở Nội vụ\u200b")
    migration_operation("blocs")(apps, None)
    out = capsys.readouterr().out
    assert "Not normalised (would duplicate another row): blocs.Agency (province, name):" in out
    assert "“Sở Nội vụ\\u200b”" in out


def test_visible_writes_out_invisible_characters():
    assert visible("A\u200bB\u202e C") == "A\\u200bB\\u202e C"


def test_check_names_lists_case_and_invisible_look_alikes():
    province = ProvinceFactory()
    a = BlocFactory(province=province, name="Khối Kinh tế")
    b = BlocFactory(province=province, name="khối kinh tế")
    out = io.StringIO()
    call_command("check_names", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 nhóm tên trông giống nhau (hãy gộp hoặc đổi tên trong trang quản trị):",
        f"- blocs.Bloc (province, name): #{a.pk} “Khối Kinh tế”, #{b.pk} “khối kinh tế”",
    ]


def test_check_names_says_so_when_there_are_none():
    BlocFactory(name="Khối Kinh tế")
    BlocFactory(name="Khối Kinh tế")  # two provinces: not a duplicate
    out = io.StringIO()
    call_command("check_names", stdout=out)
    assert out.getvalue().strip() == "Không có tên nào trông giống nhau."


def test_find_lookalikes_covers_movement_names_without_a_constraint():
    from blocs.models import Movement

    province = ProvinceFactory()
    Movement.objects.create(province=province, name="Phong trào A")
    Movement.objects.create(province=province, name="PHONG TRÀO A")
    assert [g.model for g in find_lookalikes([Movement])] == ["blocs.Movement"]
