"""The test suite's PostgreSQL backend (tests/postgresql/base.py): the database emptied after
a committing test with DELETE, every table, foreign keys and all."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from awards.catalogue import ensure_catalogue
from tests.awards.factories import row, save
from tests.reports.factories import bac_giang_h1_2022

postgresql_only = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL pass only"
)

# Filled again by the post_migrate signal after every flush, as Django does.
REFILLED = {"django_content_type", "auth_permission"}


@postgresql_only
def test_the_suite_runs_on_the_delete_flushing_backend():
    assert settings.DATABASES["default"]["ENGINE"] == "tests.postgresql"
    statements = connection.ops.sql_flush(no_style(), ["blocs_agency", "awards_awardrecord"])
    assert statements[0] == "SET CONSTRAINTS ALL DEFERRED;"
    assert statements[1:] == ['DELETE FROM "blocs_agency";', 'DELETE FROM "awards_awardrecord";']
    assert not [s for s in statements if "TRUNCATE" in s]


@postgresql_only
def test_a_flush_that_resets_sequences_or_cascades_keeps_truncate():
    for options in ({"reset_sequences": True}, {"allow_cascade": True}):
        statements = connection.ops.sql_flush(no_style(), ["blocs_agency"], **options)
        assert statements and statements[0].startswith("TRUNCATE")


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_every_table_of_committed_rows_linked_by_foreign_keys():
    ensure_catalogue()  # a test that commits may start from an emptied database
    case = bac_giang_h1_2022(state="draft")
    save(case["agencies"]["Thanh tra tỉnh"], case["period"], [row(collectives=3)])
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)

    def filled():
        with connection.cursor() as cursor:
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from the introspection
                counts[table] = cursor.fetchone()[0]
        return {table for table, count in counts.items() if count}

    before = filled()
    assert {"blocs_agency", "awards_awardrecord", "awards_submission"} <= before  # rows referencing rows
    call_command("flush", verbosity=0, interactive=False)
    assert filled() <= REFILLED
    assert apps.get_model("blocs", "Agency").objects.count() == 0
