"""Values shared between requests until content changes (portal.caching.shared)."""

import pytest
from django.test import override_settings

from portal.caching import shared
from tests.utils import unreachable_cache


class Counter:
    """A ``compute`` that counts its calls and returns the call number."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


@pytest.mark.django_db
def test_a_value_is_computed_once_until_the_site_changes():
    compute = Counter()
    assert [shared.get("test-counter", compute) for _ in range(3)] == [1, 1, 1]
    shared.invalidate()
    assert shared.get("test-counter", compute) == 2


@pytest.mark.django_db
def test_another_release_computes_its_own_values():
    compute = Counter()
    assert shared.get("test-release", compute) == 1
    with override_settings(PAGE_CACHE_RELEASE="next-release"):
        assert [shared.get("test-release", compute) for _ in range(2)] == [2, 2]
    assert shared.get("test-release", compute) == 1


def test_the_release_changes_with_the_static_files_and_the_security_policy(monkeypatch, settings):
    from django.contrib.staticfiles.storage import staticfiles_storage

    first = shared.release()
    monkeypatch.setattr(staticfiles_storage, "manifest_hash", "a-new-manifest", raising=False)
    second = shared.release()
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**policy["DIRECTIVES"], "img-src": ["'self'", "https://cdn"]}}
    third = shared.release()
    assert len({first, second, third}) == 3
    assert "a-new-manifest" in second


@pytest.mark.django_db
def test_an_unreachable_cache_computes_every_time(settings):
    compute = Counter()
    with override_settings(CACHES={**settings.CACHES, "pages": unreachable_cache()}, PAGE_CACHE_ALIAS="pages"):
        assert [shared.get("test-unreachable", compute) for _ in range(2)] == [1, 2]
