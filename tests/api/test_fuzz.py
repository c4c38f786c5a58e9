"""A property-based fuzz of the whole schema (schemathesis) against a live server, with a
national token over the demo data: no answer may be a 500, and every answer must have a status,
a content type and a body the schema documents. Bounded (`EXAMPLES` per operation) so that it
runs in the ordinary suite; `pytest -m api_fuzz` runs it alone, and `API_FUZZ_EXAMPLES=500`
runs it harder."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from api import services
from blocs.models import User

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


def test_schema_fuzz_finds_no_server_error_and_no_schema_violation(live_server, demo_data, settings):
    settings.API_THROTTLE_RATE = "100000/min"
    admin = User.objects.get(username="admin")
    new = services.create_token(name="Fuzz", province=None, user=admin)
    key = new.key
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 17
    headers = {"Authorization": f"Bearer {key}"}
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert failures == []
    new.token.refresh_from_db()
    assert new.token.use_count >= len(operations) * 2  # the calls reached the server with the token
