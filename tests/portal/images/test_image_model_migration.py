"""The migration to the portal's image model keeps every image and every reference to one.

``migration_scenario`` migrates a new database (an in-memory SQLite database, or a new PostgreSQL database beside the
test database when the suite runs on PostgreSQL) to the state before ``portal_images``, stores images and what names
them through Wagtail's image model, and migrates forward, in a process of its own.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def empty_database_url(django_db_blocker):
    """Yield the URL of a new, empty database of the test database's engine; drop it after."""
    with django_db_blocker.unblock():
        default = connections["default"]
        if default.vendor != "postgresql":
            yield "sqlite://:memory:"  # the scenario's one connection
            return
        settings = default.settings_dict
        name = f"{settings['NAME']}_image_migration"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        yield f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.slow
def test_migrating_keeps_every_image_and_reference(empty_database_url):
    environment = {**os.environ, "DATABASE_URL": empty_database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.portal.images.migration_scenario"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])

    assert ["news", "0003_archive_and_related_news_indexes"] in found["targets"]
    assert not any(app == "portal_images" for app, _ in found["targets"])
    assert found["images"] == [
        [41, "Harbour at dusk", "original_images/harbour.jpg"],
        [57, "Delegates in Tianjin", "original_images/d.jpg"],
    ]
    assert found["renditions"] == [[7, "Harbour at dusk", "images/harbour.width-800.webp"]]
    assert found["tags"] == ["harbour"]
    assert found["hero_model"] == found["city_image_model"] == "portal_images.CustomImage"
    assert found["hero"] == found["revision_hero"] == "Harbour at dusk"
    assert found["block_image"] == "Delegates in Tianjin"
    assert found["references"] == [[True, "41"], [True, "57"]]
    assert found["history_on_new_model"] is True
    assert found["editors_image_permissions"] == ["add_customimage", "change_customimage", "choose_image"]
    assert found["new_ids_after_copied"] == [True, True]
