"""The one optimistic-concurrency mechanism (blocs.concurrency), on a small form of its own; every
edit form's own two-sessions test is in tests/security/test_lost_updates.py."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from blocs import concurrency
from blocs.models import Bloc
from tests.factories import BlocFactory

pytestmark = pytest.mark.django_db


class NameForm(concurrency.VersionedFormMixin, forms.Form):
    name = forms.CharField()


def snapshot_of(bloc):
    return concurrency.instance_snapshot(Bloc.objects.get(pk=bloc.pk), ["name", "kind"])


def test_save_if_fresh_saves_when_nobody_else_did():
    bloc = BlocFactory(name="Khối A")
    reader = NameForm()
    reader.set_version(snapshot_of(bloc))
    form = NameForm({"name": "Khối B", "version_token": reader.initial["version_token"]})
    assert form.is_valid()
    result = concurrency.save_if_fresh(
        form,
        lambda: snapshot_of(bloc),
        lambda: Bloc.objects.filter(pk=bloc.pk).update(name=form.cleaned_data["name"]),
        lock=Bloc.objects.filter(pk=bloc.pk),
    )
    assert result == 1
    assert Bloc.objects.get(pk=bloc.pk).name == "Khối B"


def test_save_if_fresh_refuses_a_stale_save_and_lists_the_change():
    bloc = BlocFactory(name="Khối A")
    token = concurrency.token_for(snapshot_of(bloc))
    Bloc.objects.filter(pk=bloc.pk).update(name="Khối của người khác")  # a colleague saved first
    form = NameForm({"name": "Khối B", "version_token": token})
    assert form.is_valid()
    called = []
    assert concurrency.save_if_fresh(form, lambda: snapshot_of(bloc), lambda: called.append(1)) is None
    assert called == []
    assert Bloc.objects.get(pk=bloc.pk).name == "Khối của người khác"
    assert form.stale_changes == ["Tên: Khối A → Khối của người khác"]
    errors = form.non_field_errors()
    assert errors[0].startswith("Người khác đã lưu trang này sau khi bạn mở")
    assert errors[1] == "Tên: Khối A → Khối của người khác"
    # The user's input is kept and the token now holds the current state: saving again is deliberate.
    assert form.data["name"] == "Khối B"
    assert concurrency.read_token(form.data["version_token"]) == snapshot_of(bloc)


def test_forged_or_missing_token_is_stale():
    bloc = BlocFactory()
    with pytest.raises(concurrency.StaleEdit):
        concurrency.ensure_fresh(None, snapshot_of(bloc))
    with pytest.raises(concurrency.StaleEdit):
        concurrency.ensure_fresh(concurrency.token_for(snapshot_of(bloc)) + "x", snapshot_of(bloc))


def test_describe_changes_added_removed_changed():
    before = {"Sở Tư pháp": "Phó khối", "Công an tỉnh": "Thành viên"}
    after = {"Sở Tư pháp": "Thành viên", "Thanh tra tỉnh": "Thành viên"}
    assert concurrency.describe_changes(before, after) == [
        "Sở Tư pháp: Phó khối → Thành viên",
        "Bỏ: Công an tỉnh (Thành viên)",
        "Thêm: Thanh tra tỉnh (Thành viên)",
    ]


def test_shown_values_are_as_people_read_them():
    assert concurrency.shown(datetime.date(2022, 7, 20)) == "20/07/2022"
    assert concurrency.shown(True) == "có"
    assert concurrency.shown(None) == "—"


def test_stale_edit_is_a_validation_error_with_its_code():
    error = concurrency.StaleEdit(["x"])
    assert isinstance(error, ValidationError)
    assert error.code == concurrency.ERR_STALE
