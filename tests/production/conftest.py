"""The production-settings suite: ``portal.settings.production`` against real services.

Run by ``make test-production`` (``.ci/test-production``), never by ``make test``: the local PostgreSQL
(``DATABASE_URL``), Redis (``REDIS_URL``, keys under this run's ``CACHE_KEY_PREFIX``) and an
S3-compatible server (``AWS_S3_ENDPOINT_URL``, a moto server on loopback in CI) with this run's
bucket ``AWS_STORAGE_BUCKET_NAME``, which is created here with a public-read policy (as a media
bucket behind a CDN has) and emptied and removed at the end. Static files must have been collected
into ``STATIC_ROOT`` (hashed names) before the run.

Requests carry ``X-Forwarded-Proto: https`` (``secure=True``), as the load balancer in front sends:
without it the production settings redirect every request to HTTPS.
"""

import json

import boto3
import pytest
from django.conf import settings


def s3_client():
    """A boto3 S3 client for the configured endpoint, region and credentials (the same ones the storage uses)."""
    return boto3.client("s3", endpoint_url=settings.AWS_S3_ENDPOINT_URL, region_name=settings.AWS_S3_REGION_NAME)


def bucket_keys(prefix=""):
    """Return the set of object keys in the media bucket that start with ``prefix``."""
    paginator = s3_client().get_paginator("list_objects_v2")
    keys = set()
    for page in paginator.paginate(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=prefix):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys


@pytest.fixture(scope="session")
def s3_bucket():
    """Create this run's media bucket (public read, as a media bucket behind a CDN); empty and delete it afterwards."""
    backend = settings.STORAGES["default"]["BACKEND"]
    assert backend == "portal.operations.storage.S3Storage", "set AWS_STORAGE_BUCKET_NAME"
    client = s3_client()
    bucket = settings.AWS_STORAGE_BUCKET_NAME
    client.create_bucket(Bucket=bucket)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    yield bucket
    for key in bucket_keys():
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)


@pytest.fixture(scope="session")
def redis_keys():
    """Yield a function listing this run's Redis keys (``CACHE_KEY_PREFIX``...); delete them all afterwards."""
    import redis

    connection = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    pattern = f"{settings.CACHES['default']['KEY_PREFIX']}*"

    def keys():
        return {key.decode() for key in connection.scan_iter(match=pattern)}

    yield keys
    for key in keys():
        connection.delete(key)
    connection.close()


@pytest.fixture(scope="session")
def django_db_setup(s3_bucket, redis_keys, django_db_setup):
    """The suite's database (tests/conftest.py: migrated, content loaded), after the bucket exists for its images."""
    return django_db_setup
