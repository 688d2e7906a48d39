"""Settings of ``make bench --db sqlite`` (or a SQLite ``--db-url``): the production settings on SQLite, for comparison.

``portal.settings.production`` refuses any database but PostgreSQL, so the benchmark gives it a placeholder
``DATABASE_URL`` (never connected to) and swaps in ``BENCH_SQLITE_URL`` here; everything else (WhiteNoise, Redis,
middleware, logging) is production's. Not for serving anything but the benchmark.
"""

import os

import dj_database_url

from portal.settings.production import *  # noqa: F403
from portal.settings.production import env_int

DATABASES = {
    "default": dj_database_url.parse(os.environ["BENCH_SQLITE_URL"], conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
}
