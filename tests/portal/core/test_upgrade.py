"""Upgrading keeps every row: a database made by the code before the split into apps migrates to today's code intact.

The database is built by ``BASELINE_COMMIT`` (taken from this repository's history with ``git archive``):
migrations, the programme's content (pages in both languages, snippets, translations, revisions, images,
settings) and the roles. Today's ``migrate`` must leave every table's rows exactly as they were (in the
columns the baseline had; columns added since are checked for what their migration writes), and today's
models must read them all back.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile

import pytest

from tests.utils import BASE_DIR, CONTENT

#: The last commit of main before ``portal/`` was split into apps (issue 13).
BASELINE_COMMIT = "2aee90dd0357bf412c0de943729e40c3b2ce9d02"

#: Rows that ``migrate`` itself writes.
MIGRATION_BOOKKEEPING = {"django_migrations"}

#: Tables to which ``portal_images`` 0002 (the custom image model) adds rows beside the old ones: the new models'
#: content types and permissions, the groups' permissions mirrored for them, the images' tags.
ADDED_BY_IMAGE_MODEL = {
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "wagtailcore_groupcollectionpermission",
    "taggit_taggeditem",
}
#: Tables whose rows ``portal_images`` 0002 moves from Wagtail's image model to the portal's: {table: columns}.
MOVED_BY_IMAGE_MODEL = {
    "wagtailcore_referenceindex": ("content_type_id", "base_content_type_id", "to_content_type_id"),
    "wagtailcore_modellogentry": ("content_type_id",),
}

READ_BACK = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision, Site
from wagtail_localize.models import TranslationSource
from portal.core.models import FooterText, SiteSettings
from portal.translations.roles import translatable_snippet_models

pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
urls = [page.url for page in pages if page.live]
revisions = [revision.as_object() for revision in Revision.objects.all()]
sources = [source.get_source_instance() for source in TranslationSource.objects.all()]
print(json.dumps({
    "page_types": sorted({type(page).__name__ for page in pages}),
    "pages": len(pages),
    "live_urls": sum(1 for url in urls if url),
    "revisions": len(revisions),
    "translation_sources": sum(1 for source in sources if source is not None),
    "snippets": {model.__name__: model.objects.count() for model in translatable_snippet_models()},
    "footer_locales": sorted(FooterText.objects.values_list("locale__language_code", flat=True)),
    "site_settings": SiteSettings.objects.filter(site=Site.objects.get(is_default_site=True)).count(),
    "stale_content_types": [f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all() if not ct.model_class()],
}))
"""


def _run(args, cwd, env):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _table_columns(path):
    """Return ``{table: [column, ...]}`` for the SQLite database at ``path`` (migrate's bookkeeping left out)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name not in MIGRATION_BOOKKEEPING and not name.startswith("sqlite_")
        ]
        return {table: [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')] for table in tables}
    finally:
        connection.close()


def _table_rows(path, table, names):
    """Return the rows of ``table`` at ``path`` as a sorted list of ``{column: value}`` for the columns ``names``."""
    connection = sqlite3.connect(path)
    try:
        selected = ", ".join(f'"{name}"' for name in names)
        rows = connection.execute(f'SELECT {selected} FROM "{table}"')  # noqa: S608 - names from sqlite_master
        return sorted((dict(zip(names, row, strict=True)) for row in rows), key=repr)
    finally:
        connection.close()


def _content_type_id(path, app_label, model):
    """Return the id of the content type ``app_label.model`` at ``path``."""
    connection = sqlite3.connect(path)
    try:
        query = "SELECT id FROM django_content_type WHERE app_label = ? AND model = ?"
        return connection.execute(query, (app_label, model)).fetchone()[0]
    finally:
        connection.close()


def _table_digests(path, columns):
    """Return ``{table: (row count, sha256 of its sorted rows)}`` of ``columns`` (``{table: [column]}``) at ``path``.

    Only the given columns are read, so a column that a later migration adds does not count as a change.
    """
    connection = sqlite3.connect(path)
    try:
        digests = {}
        for table, names in columns.items():
            selected = ", ".join(f'"{name}"' for name in names)
            rows = sorted(map(repr, connection.execute(f'SELECT {selected} FROM "{table}"')))  # noqa: S608 - names from sqlite_master
            digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return digests
    finally:
        connection.close()


@pytest.fixture(scope="module")
def baseline_database(tmp_path_factory):
    """A SQLite database made and filled by ``BASELINE_COMMIT``'s code; returns ``(path, environment)``."""
    folder = tmp_path_factory.mktemp("upgrade")
    archive = folder / "baseline.tar"
    with archive.open("wb") as output:
        git = subprocess.run(
            ["git", "-C", BASE_DIR, "archive", BASELINE_COMMIT], stdout=output, stderr=subprocess.PIPE, check=False
        )
    assert git.returncode == 0, f"git archive {BASELINE_COMMIT} failed (a full clone is needed): {git.stderr}"
    code = folder / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(code, filter="data")
    database = folder / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
    }
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_iuc_content"], ["setup_roles"]):
        _run([python, "manage.py", *command, "-v0"], code, env)
    return database, env


@pytest.mark.slow
def test_todays_migrate_keeps_every_row_and_todays_code_reads_them(baseline_database):
    database, env = baseline_database
    columns = _table_columns(database)
    before = _table_digests(database, columns)
    assert before["wagtailcore_page"][0] > 50
    assert before["wagtail_localize_translationsource"][0] > 50

    changed = ADDED_BY_IMAGE_MODEL | set(MOVED_BY_IMAGE_MODEL)
    rows_before = {table: _table_rows(database, table, columns[table]) for table in changed}

    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], BASE_DIR, env)

    after = _table_digests(database, columns)
    assert {table: after[table] for table in after if table not in changed} == {
        table: before[table] for table in before if table not in changed
    }
    # The custom image model (portal_images 0002) keeps every row of these tables and adds its own ...
    for table in ADDED_BY_IMAGE_MODEL:
        rows_after = _table_rows(database, table, columns[table])
        assert all(row in rows_after for row in rows_before[table]), table
    # The image and its rendition (portal_images), and the Traditional Chinese override (portal.translations 0001).
    assert after["django_content_type"][0] == before["django_content_type"][0] + 3
    assert after["wagtailcore_groupcollectionpermission"][0] > before["wagtailcore_groupcollectionpermission"][0]
    # ... and moves the references and history of Wagtail's images to its own, changing nothing else in them.
    old_type = _content_type_id(database, "wagtailimages", "image")
    new_type = _content_type_id(database, "portal_images", "customimage")
    for table, type_columns in MOVED_BY_IMAGE_MODEL.items():
        moved = [
            {name: new_type if name in type_columns and value == old_type else value for name, value in row.items()}
            for row in rows_before[table]
        ]
        assert _table_rows(database, table, columns[table]) == sorted(moved, key=repr), table
    assert any(row["to_content_type_id"] == old_type for row in rows_before["wagtailcore_referenceindex"])
    # Columns added since: a city's own time zone, filled where its country does not tell it
    # (components 0003), in both languages.
    connection = sqlite3.connect(database)
    try:
        zones = sorted(connection.execute("SELECT slug, time_zone FROM components_city WHERE time_zone != ''"))
    finally:
        connection.close()
    expected = [(city["key"], city["time_zone"]) for city in CONTENT["cities"] if city.get("time_zone")]
    assert zones == sorted(expected * 2)  # the English city and its Chinese copy
    read_back = json.loads(_run([sys.executable, "manage.py", "shell", "-v0", "-c", READ_BACK], BASE_DIR, env))
    assert read_back["page_types"] == sorted(
        ["ComponentPage", "CountryIndexPage", "CountryPage", "EventIndexPage", "EventPage", "HomePage"]
        + ["NewsIndexPage", "NewsPage", "StandardPage"]
    )
    assert read_back["pages"] == before["wagtailcore_page"][0] - 1  # all but the tree's root
    assert read_back["live_urls"] > 50
    assert read_back["revisions"] == before["wagtailcore_revision"][0]
    assert read_back["translation_sources"] == before["wagtail_localize_translationsource"][0]
    assert all(count > 0 for count in read_back["snippets"].values()), read_back["snippets"]
    assert set(read_back["snippets"]) == {"City", "CityPairing", "NewsCategory", "FooterText"}
    assert read_back["footer_locales"] == ["en", "zh-hans"]
    assert read_back["site_settings"] == 1
    # wagtail.contrib.forms, unused, left INSTALLED_APPS: its empty table and content type stay behind.
    assert read_back["stale_content_types"] == ["wagtailforms.formsubmission"]
