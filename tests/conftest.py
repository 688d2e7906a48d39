"""Shared fixtures: the real IUC Asia content, loaded once per test session.

The session-scoped ``django_db_setup`` below replaces pytest-django's own: it creates the test
database and runs ``load_iuc_content`` into it once (``tests/seed.py``; under pytest-xdist, once for
all the workers), so every test sees the real pages and snippets built from
``portal/content/data/*.yaml``. Tests that use ``db`` run inside a transaction that is rolled back,
so changes made by one test never leak into another. Tests that need a page or snippet of their own
make it with the factories (``tests/factories.py``, ``tests/<app>/factories.py``).
"""

import os
from pathlib import Path

import polib
import pytest
from django.test import Client, override_settings
from django.test.utils import teardown_databases
from wagtail.models import Locale, Page

from portal.chinese.conversion import to_traditional
from tests import seed, traditional, utils

# Two suites share this folder: ``make test`` runs every folder but ``production/`` under the test
# settings; ``make test-production`` runs only ``production/`` under the production settings.
PRODUCTION_SUITE = os.environ.get("DJANGO_SETTINGS_MODULE") == "portal.settings.production"
collect_ignore = [
    path.name
    for path in Path(__file__).parent.iterdir()
    if path.is_dir() and path.name != "__pycache__" and (path.name == "production") != PRODUCTION_SUITE
]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalog(tmp_path_factory):
    """Serve the interface translations from the current ``locale/*/LC_MESSAGES/*.po``, compiled for this session.

    ``*.mo`` files are build artefacts (git-ignored); the source of truth is the ``.po`` catalogs (the
    Simplified one, and the Traditional ones generated from it), so they are compiled into a temporary
    LOCALE_PATHS folder here, as ``compilemessages`` would do in a build. Without the Simplified ``.po``
    file nothing is compiled (and the catalog tests fail).
    """
    if not utils.PO_PATH.exists():
        yield None
        return
    folder = tmp_path_factory.mktemp("locale")
    for path in utils.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        target = folder / path.relative_to(utils.LOCALE_DIR).parent
        target.mkdir(parents=True, exist_ok=True)
        polib.pofile(str(path)).save_as_mofile(str(target / path.with_suffix(".mo").name))
    with override_settings(LOCALE_PATHS=[str(folder)]):
        yield folder


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings, tmp_path_factory
):
    """Create the test database with the portal's content and roles, once per session (``tests/seed.py``).

    Replaces pytest-django's fixture of the same name: under pytest-xdist the first worker builds the
    database and the others start from a copy of it. The database is set up even when no collected
    test asks for ``db`` (the browser tests reach it only through their server thread).
    """
    worker = hasattr(request.config, "workerinput")
    shared_folder = tmp_path_factory.getbasetemp().parent if worker else None
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        old_config = seed.setup(shared_folder, verbosity=verbosity)
    yield
    with django_db_blocker.unblock():
        seed.release_postgresql_database()
        teardown_databases(old_config, verbosity=verbosity)


def _needs_database(item):
    from pytest_django.fixtures import _get_databases_for_test

    return bool(_get_databases_for_test(item)[0]) or "django_db_setup" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under xdist, run the tests that need no database first (each group keeps pytest-randomly's order).

    pytest-xdist's worksteal scheduler hands each worker a contiguous half of this list to start with:
    one worker begins with the tests that need no database (the upgrade test's own database, the
    settings read in subprocesses...) while the other builds the content database (``tests/seed.py``),
    instead of waiting for it. Every worker sorts alike, so their collections stay identical.
    """
    if hasattr(config, "workerinput"):
        items.sort(key=_needs_database)


def pytest_sessionfinish(session):
    """On the xdist controller: drop the PostgreSQL template the workers' databases were copied from."""
    from pytest_django.plugin import blocking_manager_key

    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None) or PRODUCTION_SUITE:
        return
    with config.stash[blocking_manager_key].unblock():
        seed.drop_postgresql_seed()


@pytest.fixture(autouse=True)
def empty_caches():
    """Start every test with empty caches: the page cache must not serve one test's pages to another.

    The process's Locale table too (``portal.translations.overrides.locales``): a test's rolled-back Locales.
    """
    from django.core.cache import caches

    from portal.translations.overrides import locales

    for cache in caches.all():
        cache.clear()
    locales.clear()


@pytest.fixture
def no_page_cache(settings):
    """Render every response afresh: for tests that change what a URL shows without publishing (sizes, limits)."""
    settings.PAGE_CACHE = False


@pytest.fixture(scope="session")
def content():
    """The content data: the merged YAML of ``portal/content/data/*.yaml`` (read independently of the loader)."""
    return utils.CONTENT


@pytest.fixture
def en_locale(db):
    return Locale.objects.get(language_code=utils.EN)


@pytest.fixture
def zh_locale(db):
    return Locale.objects.get(language_code=utils.ZH)


@pytest.fixture
def zht_locale(db):
    """The Traditional Chinese Locale (``zh-hant``)."""
    return Locale.objects.get(language_code=utils.ZHT)


@pytest.fixture
def make_traditional(zht_locale):
    """``make_traditional(obj)``: convert and publish the zh-hant version of ``obj`` (``tests/traditional.py``)."""
    return traditional.make_traditional


@pytest.fixture
def locales(en_locale, zh_locale, zht_locale):
    """``{"en": Locale, "zh-hans": Locale, "zh-hant": Locale}``."""
    return {utils.EN: en_locale, utils.ZH: zh_locale, utils.ZHT: zht_locale}


def _home(locale):
    from home.models import HomePage

    return HomePage.objects.get(locale=locale)


@pytest.fixture
def get_page(locales):
    """Return a function ``get_page(model, language, path=None)`` giving a specific page.

    ``model`` is a page class, ``language`` is ``"en"`` or ``"zh-hans"``; ``path`` is the page's path
    below the home page (``"/news/"``). Without ``path`` the first page of that type in the tree is
    returned. Raises if there is no such page.
    """

    def get(model, language, path=None):
        locale = locales.get(language) or Locale.objects.get(language_code=language)
        if path is None:
            return model.objects.filter(locale=locale).order_by("path").first() or _missing(model, language)
        home = _home(locale)
        url_path = home.url_path + path.lstrip("/")
        page = Page.objects.get(locale=locale, url_path=url_path).specific
        assert isinstance(page, model), f"{path} in {language} is a {type(page).__name__}, not a {model.__name__}"
        return page

    return get


def _missing(model, language):
    raise AssertionError(f"No {model.__name__} in {language}")


@pytest.fixture
def page_at(get_page):
    """Return a function ``page_at(path, language)`` giving the specific page at ``path`` below the home page."""

    def get(path, language):
        return get_page(Page, language, path)

    return get


@pytest.fixture
def expected_titles(get_page, zh_locale):
    """Return a function giving ``{"en": title, "zh-hans": title, "zh-hant": title}`` for a PageSpec.

    Titles come from the YAML; for the index pages whose titles are not in the YAML, the English
    title is the English page's and the Chinese one is its wagtail-localize translation. The Traditional title is
    the Simplified one converted.
    """

    def titles(spec):
        if spec.title is not None:
            return {language: utils.pair(spec.title, language) for language in utils.LANGUAGES}
        english = get_page(Page, utils.EN, spec.path)
        chinese = utils.translated_field(english, "title", zh_locale)
        return {utils.EN: english.title, utils.ZH: chinese, utils.ZHT: to_traditional(chinese)}

    return titles


def _client_for(django_user_model, username, group_name=None, superuser=False):
    from django.contrib.auth.models import Group

    if superuser:
        user = django_user_model.objects.create_superuser(username, f"{username}@example.org", "pw")
    else:
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def admin_client_user(db, django_user_model):
    """A Client logged in as a new superuser (``client.user``)."""
    return _client_for(django_user_model, "test-admin", superuser=True)


@pytest.fixture
def editor_client(db, django_user_model):
    """A Client logged in as a member of the "Editors" group (``client.user``)."""
    from portal.translations.roles import EDITORS

    return _client_for(django_user_model, "test-editor", EDITORS)


@pytest.fixture
def translator_client(db, django_user_model):
    """A Client logged in as a member of the "Chinese translators" group (``client.user``)."""
    from portal.translations.roles import CHINESE_TRANSLATORS

    return _client_for(django_user_model, "test-translator", CHINESE_TRANSLATORS)


@pytest.fixture
def moderator_client(db, django_user_model):
    """A Client logged in as a member of Wagtail's "Moderators" group (``client.user``)."""
    from portal.translations.roles import MODERATORS

    return _client_for(django_user_model, "test-moderator", MODERATORS)


@pytest.fixture
def role_client(db, django_user_model):
    """Return a function ``role_client(group_name, language="en")``: a Client logged in as a new member of that group.

    ``language`` is the user's admin language (Wagtail's ``UserProfile.preferred_language``), kept as
    ``client.language``; the user is ``client.user``. Each call makes another user.
    """
    from wagtail.users.models import UserProfile

    made = []

    def make(group_name, language=utils.EN):
        made.append(group_name)
        username = f"{group_name.lower().replace(' ', '-')}-{language}-{len(made)}"
        client = _client_for(django_user_model, username, group_name)
        profile = UserProfile.get_for_user(client.user)
        profile.preferred_language = language
        profile.save()
        client.language = language
        return client

    return make


@pytest.fixture
def new_english_news(en_locale):
    """A live English news page that has never been submitted for translation (``NewsPageFactory``)."""
    from tests.news.factories import NewsPageFactory

    return NewsPageFactory(title="A brand new mission", intro="Delegates met in Tianjin.")
