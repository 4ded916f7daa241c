"""Property-based tests of the whole API from its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid; each answer must be no server
error, have a documented status and content type, and match the documented schema (the
HSDS 3.0 schemas for 200s, the error object for 400/404).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sasaeai.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_connection():
    """The real WSGI handler closes the connection after each request, as in production;
    inside a test's transaction that would lose the transaction (Django's own test client
    disconnects these handlers the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_connection")
@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_it_answers_every_generated_request_by_its_document(case):
    case.call_and_validate(checks=CHECKS)
