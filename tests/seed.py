"""The test database with the programme's content: built once per test run, copied for each xdist worker.

Building it (migrations, ``load_iuc_content``, ``setup_roles``, one request to every live page so that
the image renditions exist before the per-test transactions) costs far more than any test, so under
pytest-xdist only the first worker builds it. That worker then leaves a copy next to the workers'
temporary folders, in the run's own base temporary folder (``tmp_path_factory``), and every other
worker starts from that copy instead:

- SQLite (the in-memory test database): the copy is an SQLite file written with SQLite's backup API,
  read back into each worker's in-memory database the same way;
- PostgreSQL: the copy is a database, ``<test database>_seed``, and each worker's ``test_<name>_gw<N>``
  database is created from it with ``CREATE DATABASE ... TEMPLATE``; the controller process drops the
  template at the end of the run (``drop_postgresql_seed``);
- in both cases the media files (the generated images and their renditions) are copied into each
  worker's own ``MEDIA_ROOT``.

A file lock orders the workers: the others wait while the first builds. Nothing outlives the run, so a
copy is never stale. Without xdist the database is simply built.
"""

import fcntl
import json
import shutil
import sqlite3
import threading
import time
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import setup_databases
from wagtail.models import Page

from tests import traditional_site

try:
    import coverage  # pytest-cov's engine, when the run measures coverage
except ImportError:  # pragma: no cover - coverage is in requirements-dev.txt
    coverage = None

ALIAS = "default"
SEED_SUFFIX = "_seed"


def load_content():
    """Load the programme's content and roles into the current test database, and warm it up."""
    call_command("load_iuc_content", verbosity=0)
    traditional_site.convert_site()  # until load_iuc_content converts (issue 18's engine)
    call_command("setup_roles", verbosity=0)
    client = Client(raise_request_exception=False)
    for page in Page.objects.filter(depth__gt=1).live():
        client.get(page.url)


@contextmanager
def coverage_paused():
    """Stop coverage measurement (pytest-cov's, if it runs) for the duration of the block.

    Building the database is set-up, not a test: what it runs (migrations, the loader, page
    rendering) counts as covered only where a test runs it. Tracing it would also make the one
    build that every worker waits for about three times slower.
    """
    current = coverage.Coverage.current() if coverage else None
    if current is None:
        yield
        return
    current.stop()
    try:
        yield
    finally:
        current.start()


def build(verbosity=0):
    """Create the test database (migrations), load the content; return ``setup_databases``'s old config.

    The default database is always set up, whether or not the collected tests ask for ``db`` (the
    browser tests reach it through a server thread only).
    """
    with coverage_paused():
        old_config = setup_databases(verbosity=verbosity, interactive=False, aliases={ALIAS})
        load_content()
    return old_config


@contextmanager
def locked(path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def setup(shared_folder, verbosity=0):
    """Set up the test database of this process and return the old config for ``teardown_databases``.

    ``shared_folder`` is the run's base temporary folder under xdist (shared by the workers), or None.
    """
    if shared_folder is None:
        return build(verbosity)
    with locked(shared_folder / "seed.lock"):
        marker = shared_folder / "seed.json"
        if marker.exists():
            return restore(shared_folder, json.loads(marker.read_text()))
        old_config = build(verbosity)
        marker.write_text(json.dumps(save(shared_folder)))
        return old_config


def save(shared_folder):
    """Copy this worker's freshly built database and media files into ``shared_folder``; describe the copy."""
    connection = connections[ALIAS]
    shutil.copytree(settings.MEDIA_ROOT, shared_folder / "seed-media")
    if connection.vendor == "sqlite":
        path = shared_folder / "seed.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return {"vendor": "sqlite", "path": str(path)}
    if connection.vendor != "postgresql":
        raise NotImplementedError(f"no copy of a {connection.vendor} test database")
    source = connection.settings_dict["NAME"]
    seed = seed_database_name(connection)
    connection.close()  # CREATE DATABASE ... TEMPLATE needs the source to have no connection
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{seed}"')
        cursor.execute(f'CREATE DATABASE "{seed}" TEMPLATE "{source}"')
    return {"vendor": "postgresql", "name": seed}


def restore(shared_folder, copy):
    """Make this worker's test database a copy of the one described by ``copy``; return the old config."""
    connection = connections[ALIAS]
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    if copy["vendor"] == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{copy["name"]}"')
    connection.close()
    settings.DATABASES[ALIAS]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    if copy["vendor"] == "sqlite":
        source = sqlite3.connect(copy["path"])
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    shutil.copytree(shared_folder / "seed-media", settings.MEDIA_ROOT, dirs_exist_ok=True)
    return [(connection, old_name, True)]


def seed_database_name(connection):
    """The name of the PostgreSQL template: the test database's name without the xdist suffix, plus ``_seed``."""
    name = connection.creation._get_test_db_name()
    base, _sep, suffix = name.rpartition("_gw")
    return (base if base and suffix.isdigit() else name) + SEED_SUFFIX


def drop_postgresql_seed():
    """Drop the PostgreSQL template of this run if there is one (the xdist controller calls this at the end)."""
    connection = connections[ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{seed_database_name(connection)}"')


def release_postgresql_database(timeout=5.0):
    """Before this process drops its PostgreSQL test database: wait for other sessions on it to end, then end them.

    The database is this process's own (``test_<name>_gw<N>`` under xdist), so another session on it can
    only be a thread of this process that still holds a connection at the end of the run, such as a
    live-server request thread finishing up. It gets ``timeout`` seconds; a session still there
    afterwards is ended, and named in a warning, so the run can drop its database.
    Returns the descriptions of the sessions ended.
    """
    connection = connections[ALIAS]
    if connection.vendor != "postgresql":
        return []
    name = connection.settings_dict["NAME"]
    connection.close()
    query = (
        "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()"
    )
    deadline = time.monotonic() + timeout
    with connection._nodb_cursor() as cursor:
        while True:
            cursor.execute(query, [name])
            sessions = cursor.fetchall()
            if not sessions or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for pid, *_rest in sessions:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    ended = [f"pid {pid} ({application or 'no name'}, {state}): {text}" for pid, application, state, text in sessions]
    if ended:
        threads = sorted(thread.name for thread in threading.enumerate() if thread is not threading.main_thread())
        warnings.warn(f"ended sessions left on {name}: {ended}; threads alive: {threads}", stacklevel=2)
    return ended
