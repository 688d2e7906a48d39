"""/readyz against the real services: PostgreSQL, Redis and the S3 bucket."""

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_readyz_checks_the_real_services_and_leaves_no_key_behind(client, redis_keys):
    before = redis_keys()
    responses = [client.get("/readyz", HTTP_HOST="10.0.0.7") for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    ready = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}
    assert [response.json() for response in responses] == [ready] * 3
    assert redis_keys() == before


def test_readyz_reports_a_missing_bucket_without_naming_it(client):
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "no-such-bucket-here"}},
    }
    with override_settings(STORAGES=storages):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "ok", "storage": "error"}}
    assert b"no-such-bucket" not in response.content and settings.AWS_S3_ENDPOINT_URL.encode() not in response.content
