"""The data version and the cache of finished report rows (`blocs/dataversion.py`): every write
of the data replaces the version, so a cached report is never read after a change."""

import ast
import gc
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation

from awards.models import AwardRecord, Submission
from blocs import dataversion
from blocs import services as bloc_services
from blocs.models import DataChange, Province
from conferences import services as conference_services
from proposals.models import Dossier
from reports.models import ReportMeta
from scoring import services as scoring_services
from scoring.models import ScoringTable
from tests.awards.factories import row, save
from tests.conferences.factories import ConferenceFactory, bloc_world
from tests.factories import AgencyFactory, ProvinceFactory, home_affairs
from tests.reports.factories import bac_giang_h1_2022
from tests.scoring.factories import build_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals_muted():
    """The model signals of the data version disconnected: only explicit `bump()` calls count."""
    for model in dataversion.data_models():
        uid = f"dataversion:{model._meta.label}"
        post_save.disconnect(sender=model, dispatch_uid=uid + ":save")
        post_delete.disconnect(sender=model, dispatch_uid=uid + ":delete")
    yield
    dataversion.connect()


def test_the_migration_records_a_first_change():
    assert dataversion.current() is not None


def test_a_write_in_a_transaction_moves_the_version_at_once_and_again_after_the_commit(
    django_capture_on_commit_callbacks,
):
    """The second row is what moves the version when transactions commit out of order."""
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ProvinceFactory()
        inside = dataversion.current()
        assert inside != before
    assert dataversion.current() not in (before, inside)


def test_several_writes_add_one_row_after_their_commit_even_after_a_rollback(django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        dataversion.bump()
        raise RuntimeError  # its callbacks are dropped: the next commit must still add its row
    for _ in range(2):
        # counted by id, not in all: an id ending in 00, 01, 50 or 51 also deletes rows older
        # than the last KEEP (the migration's first row on a database whose ids have gone far)
        last = DataChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for _ in range(3):
                dataversion.bump()
            inside = dataversion.current()
        assert DataChange.objects.filter(pk__gt=last).count() == 3 + 1
        assert dataversion.current() != inside


def test_old_change_rows_are_deleted_after_a_commit(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(dataversion, "KEEP", 3)
    for _ in range(100):  # the deletion runs every fifty ids or so
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            dataversion.bump()
    assert DataChange.objects.count() < 100
    assert dataversion.current() is not None


def test_a_save_or_delete_replaces_the_version_and_its_history_row_adds_nothing():
    before = dataversion.current()
    province = ProvinceFactory()
    created = dataversion.current()
    assert created != before
    assert province.history.count() == 1  # written with the change, no second version
    province.delete()
    assert dataversion.current() not in (before, created)


def test_every_model_of_the_data_apps_is_watched_except_history_and_the_version_itself():
    watched = {m._meta.label for m in dataversion.data_models()}
    for model in (Province, Submission, AwardRecord, ScoringTable, Dossier, ReportMeta):
        assert model._meta.label in watched
    assert "blocs.DataChange" not in watched
    assert not [label for label in watched if label.split(".")[1].startswith("Historical")]


def test_a_login_does_not_replace_the_version(django_user_model):
    user = home_affairs(ProvinceFactory())
    before = dataversion.current()
    update_last_login(None, user)
    assert dataversion.current() == before
    user.first_name = "Lan"
    user.save()
    assert dataversion.current() != before


def test_a_rolled_back_write_restores_the_version_and_the_next_write_never_reuses_it():
    """SQLite may hand out a rolled-back id again: its nonce still differs."""
    before = dataversion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        ProvinceFactory()
        rolled_back = dataversion.current()
        raise RuntimeError
    assert dataversion.current() == before
    ProvinceFactory()
    assert dataversion.current() not in (before, rolled_back)


def test_cached_computes_once_per_version_language_and_parts():
    caches["reports"].clear()
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert dataversion.cached("t", (1,), compute) == {"n": 1}
    assert dataversion.cached("t", (1,), compute) == {"n": 1}
    assert dataversion.cached("t", (2,), compute) == {"n": 2}
    with translation.override("en"):
        assert dataversion.cached("t", (1,), compute) == {"n": 3}
    ProvinceFactory()
    assert dataversion.cached("t", (1,), compute) == {"n": 4}
    assert len(calls) == 4


def test_a_cached_value_is_a_copy_the_caller_may_change():
    caches["reports"].clear()
    first = dataversion.cached("t", (), lambda: {"rows": [1]})
    first["rows"].append(2)
    assert dataversion.cached("t", (), lambda: {"rows": []}) == {"rows": [1]}


def test_without_a_change_row_nothing_is_cached():
    DataChange.objects.all().delete()  # as after a flush
    calls = []
    for _ in range(2):
        dataversion.cached("t", (), lambda: calls.append(1))
    assert len(calls) == 2
    dataversion.bump()
    assert dataversion.current() is not None


# --- the writes that send no signal bump it themselves -----------------------------------------


def test_the_bulk_record_writes_replace_the_version(signals_muted):
    case = bac_giang_h1_2022(state="draft")
    agency = case["agencies"]["Thanh tra tỉnh"]
    before = dataversion.current()
    save(agency, case["period"], [row(collectives=3)])
    assert dataversion.current() != before


def test_the_bulk_minutes_rows_replace_the_version(signals_muted):
    _bloc, agencies = bloc_world()
    conference = ConferenceFactory(bloc=_bloc)
    before = dataversion.current()
    conference_services.save_minutes(conference=conference, attendance=[{"agency": agencies[0], "attended": True}])
    assert dataversion.current() != before


def test_the_copied_scoring_table_replaces_the_version(signals_muted):
    bloc, _agencies = bloc_world()
    build_table(bloc, year=2022)
    before = dataversion.current()
    scoring_services.create_table(bloc=bloc, year=2023, copy_previous=True)
    assert dataversion.current() != before


# --- the pages read fresh rows after each kind of write ----------------------------------------


def _report(client, case):
    url = reverse("reports:bloc", args=[case["bloc"].pk, 2022, "h1"])
    response = client.get(url, {"scope": "all"})
    assert response.status_code == 200
    return response.context["report"]


def test_the_bloc_report_page_shows_a_change_made_after_it_was_cached(client):
    case = bac_giang_h1_2022()
    client.force_login(home_affairs(case["province"]))
    first = _report(client, case)
    assert first.totals["granted__total__c"] == 205
    assert _report(client, case).totals == first.totals  # from the cache
    # the bulk path (records), then a plain save (a roster change)
    save(case["agencies"]["Thanh tra tỉnh"], case["period"], [row(collectives=5)], submit=True)
    assert _report(client, case).totals["granted__total__c"] == 210
    newcomer = AgencyFactory(province=case["province"], name="Sở Nội vụ")
    bloc_services.set_roster(bloc=case["bloc"], year=2022, agencies=[*case["agencies"].values(), newcomer])
    assert "Sở Nội vụ" in [m.name for m in _report(client, case).members]


def test_the_board_shows_a_submission_made_after_it_was_cached(client):
    case = bac_giang_h1_2022(state="draft")
    client.force_login(home_affairs(case["province"]))
    url = reverse("awards:board", args=[case["period"].pk])

    def states():
        return {r.agency.name: r.state for r in client.get(url).context["board"].rows if not r.is_bloc_total}

    assert states()["Công an tỉnh"] == Submission.State.DRAFT
    save(case["agencies"]["Công an tỉnh"], case["period"], [row(collectives=1)], submit=True)
    assert states()["Công an tỉnh"] == Submission.State.SUBMITTED


# --- no write without a new version: a tripwire over the code --------------------------------

# Calls that write rows without sending model signals.
BULK_WRITES = {
    "bulk_create",
    "bulk_update",
    "bulk_create_with_history",
    "bulk_update_with_history",
    "insert_with_history",
}
# Functions whose raw SQL or QuerySet.update writes nothing the reports read, each with why.
NOT_REPORT_DATA = {
    "blocs/health.py:healthz": "SELECT 1",
    "blocs/historyrows.py:copy_to_history": "history rows; the caller makes the version of the rows it wrote",
    "blocs/historyrows.py:insert_with_history": "a bulk write (BULK_WRITES): its callers make the version",
    "blocs/names.py:normalise_stored": "runs in the migrations that normalised stored text, before any cache",
    "blocs/demo.py:load": "links the demo provinces; load_demo makes a new version after all of it",
    "awards/demo.py:_dated": "dates rows of the demo; load_demo makes a new version after all of it",
    "reports/management/commands/benchmark_reports.py:handle": "ANALYZE",
    "reports/management/commands/benchmark_reports.py:bare_board": "the bare SQL it measures reads",
    "reports/management/commands/benchmark_reports.py:bare_bloc_report": "the bare SQL it measures reads",
    "reports/management/commands/benchmark_reports.py:bare_rollup": "the bare SQL it measures reads",
    "api/services.py:record_use": "a token's last use (api is not a data app)",
}


def _writes_without_signal(node) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BULK_WRITES
    name = node.func.attr
    if name in BULK_WRITES or name == "execute":
        return True
    # QuerySet.update: `<...>.objects.filter(...).update(...)`, `<...>.history.filter(...).update(...)`
    return name == "update" and "filter(" in ast.unparse(node.func.value)


def _bumps(node) -> bool:
    return isinstance(node, ast.Call) and ast.unparse(node.func) in {"dataversion.bump", "bump"}


def test_every_write_without_signals_makes_a_new_version():
    """A function of the data apps (or `api`) that writes with bulk calls, `QuerySet.update` or
    raw SQL also calls `dataversion.bump()` (or is listed above with its reason): otherwise
    cached reports would keep the old figures."""
    root = Path(settings.BASE_DIR)
    missing, listed_seen = [], set()
    for app in (*dataversion.DATA_APPS, "api"):
        for path in sorted((root / app).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if "/migrations/" in rel:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef):
                    continue
                nodes = list(ast.walk(func))
                if any(_writes_without_signal(n) for n in nodes) and not any(_bumps(n) for n in nodes):
                    where = f"{rel}:{func.name}"
                    if where in NOT_REPORT_DATA:
                        listed_seen.add(where)
                    else:
                        missing.append(where)
    assert missing == []
    assert listed_seen == set(NOT_REPORT_DATA)  # the list holds no stale entry


def test_reading_the_cache_leaves_the_garbage_collector_as_it_found_it():
    dataversion.cached("t", (), dict)
    assert gc.isenabled()
    gc.disable()
    try:
        dataversion.cached("t", (), dict)
        assert not gc.isenabled()
    finally:
        gc.enable()
