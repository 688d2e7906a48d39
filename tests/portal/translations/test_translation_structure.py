"""Structural changes: unpublishing, deleting or moving an English page or snippet applies to its translations.

Through the admin with real requests, so the confirmation pages and Wagtail's own actions are used.
Acting on a Chinese page never touches the English one.
"""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Page

from components.models import City
from news.models import NewsCategory, NewsPage
from tests.components.factories import CityFactory
from tests.factories import translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsCategoryFactory
from tests.utils import assert_lands_on_a_page_the_user_may_see, said


@pytest.fixture
def news(get_page, zh_locale):
    english = get_page(NewsPage, "en")
    return english, english.get_translation(zh_locale)


@pytest.mark.django_db
def test_unpublishing_an_english_page_unpublishes_its_translation(admin_client_user, news, client):
    english, chinese = news
    confirm = admin_client_user.get(f"/admin/pages/{english.pk}/unpublish/")
    assert confirm.status_code == 200
    assert confirm.context["translation_count"] == 2  # Simplified and Traditional Chinese
    response = admin_client_user.post(f"/admin/pages/{english.pk}/unpublish/")
    assert response.status_code == 302
    english.refresh_from_db()
    chinese.refresh_from_db()
    assert not english.live and not chinese.live
    assert client.get(f"/zh-hans/news/{english.slug}/").status_code == 404


@pytest.mark.django_db
def test_unpublishing_a_chinese_page_leaves_the_english_page_live(admin_client_user, news):
    english, chinese = news
    response = admin_client_user.post(f"/admin/pages/{chinese.pk}/unpublish/")
    assert response.status_code == 302
    english.refresh_from_db()
    chinese.refresh_from_db()
    assert english.live and not chinese.live


@pytest.mark.django_db
def test_unpublishing_in_code_also_unpublishes_translations(news):
    english, chinese = news
    english.unpublish()
    chinese.refresh_from_db()
    assert not chinese.live


@pytest.mark.django_db
def test_deleting_an_english_page_deletes_its_translation(admin_client_user, news):
    english, chinese = news
    response = admin_client_user.post(f"/admin/pages/{english.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[english.pk, chinese.pk]).exists()


@pytest.mark.django_db
def test_deleting_english_pages_in_bulk_deletes_their_translations(admin_client_user, en_locale, zh_locale):
    pages = list(NewsPage.objects.filter(locale=en_locale).order_by("path")[:2])
    chinese_ids = [page.get_translation(zh_locale).pk for page in pages]
    parent = pages[0].get_parent()
    url = f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{parent.pk}/&childOf={parent.pk}"
    url += "".join(f"&id={page.pk}" for page in pages)
    response = admin_client_user.post(url)
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[page.pk for page in pages] + chinese_ids).exists()


@pytest.mark.django_db
def test_moving_an_english_page_moves_its_translation(admin_client_user, page_at, zh_locale, content):
    cities_slug = content["cities_pages"]["slug"]
    child_slug = content["cities_pages"]["children"][0]["slug"]
    english = page_at(f"/{cities_slug}/{child_slug}/", "en")
    destination = page_at(f"/{content['about']['slug']}/", "en")
    response = admin_client_user.post(f"/admin/pages/{english.pk}/move/{destination.pk}/confirm/")
    assert response.status_code == 302
    chinese = english.get_translation(zh_locale)
    assert chinese.get_parent().pk == destination.get_translation(zh_locale).pk
    assert chinese.url == f"/zh-hans/{content['about']['slug']}/{child_slug}/"


@pytest.mark.django_db
def test_moving_under_an_untranslated_page_is_refused(admin_client_user, page_at, en_locale, content):
    cities_slug = content["cities_pages"]["slug"]
    child_slug = content["cities_pages"]["children"][0]["slug"]
    english = page_at(f"/{cities_slug}/{child_slug}/", "en")
    untranslated = StandardPageFactory(title="Only in English", slug="only-english")
    response = admin_client_user.post(f"/admin/pages/{english.pk}/move/{untranslated.pk}/confirm/")
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.get_parent().slug == cities_slug
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("has no translation in" in message for message in messages), messages


@pytest.mark.django_db
def test_deleting_an_english_snippet_deletes_its_translation(admin_client_user, en_locale, zh_locale):
    category = NewsCategory.objects.filter(locale=en_locale).first()
    chinese = category.get_translation(zh_locale)
    response = admin_client_user.post(f"/admin/snippets/news/newscategory/delete/{category.pk}/")
    assert response.status_code == 302
    assert not NewsCategory.objects.filter(pk__in=[category.pk, chinese.pk]).exists()


@pytest.mark.django_db
def test_unpublishing_an_english_snippet_unpublishes_its_translation(admin_client_user, en_locale, zh_locale):
    city = City.objects.filter(locale=en_locale).first()
    chinese = city.get_translation(zh_locale)
    response = admin_client_user.post(f"/admin/snippets/components/city/unpublish/{city.pk}/")
    assert response.status_code == 302
    city.refresh_from_db()
    chinese.refresh_from_db()
    assert not city.live and not chinese.live


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "model", "url"),
    [(CityFactory, City, "components/city"), (NewsCategoryFactory, NewsCategory, "news/newscategory")],
    ids=["city", "news-category"],
)
def test_an_editor_unpublishes_an_english_snippet_and_its_translation_follows(editor, factory, model, url):
    """Editors may not publish or unpublish anything Chinese; the translation follows their unpublish all the same."""
    english, chinese = translated_pair(factory)
    assert editor.get(f"/admin/snippets/{url}/unpublish/{english.pk}/").status_code == 200
    response = editor.post(f"/admin/snippets/{url}/unpublish/{english.pk}/", follow=True)
    final, shown = assert_lands_on_a_page_the_user_may_see(response, editor)
    assert final == f"/admin/snippets/{url}/"
    assert shown == [said(editor, "'%(object)s' unpublished.", object=str(english))]
    assert not model.objects.get(pk=english.pk).live
    assert not model.objects.get(pk=chinese.pk).live


@pytest.mark.django_db
def test_an_editor_moves_and_deletes_english_pages_and_the_translations_follow(
    editor_client, page_at, zh_locale, zht_locale, content
):
    """Editors have no permission on the Chinese trees; the translations (Traditional too) follow all the same."""
    cities_slug = content["cities_pages"]["slug"]
    child_slug = content["cities_pages"]["children"][0]["slug"]
    english = page_at(f"/{cities_slug}/{child_slug}/", "en")
    chinese = [english.get_translation(zh_locale), english.get_translation(zht_locale)]
    destination = page_at(f"/{content['about']['slug']}/", "en")
    response = editor_client.post(f"/admin/pages/{english.pk}/move/{destination.pk}/confirm/")
    assert response.status_code == 302
    for page in chinese:
        page.refresh_from_db()
        assert page.get_parent().pk == destination.get_translation(page.locale).pk

    response = editor_client.post(f"/admin/pages/{english.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[english.pk] + [page.pk for page in chinese]).exists()


@pytest.mark.django_db
def test_moving_a_page_in_code_moves_its_translation(page_at, zh_locale, content):
    cities_slug = content["cities_pages"]["slug"]
    child_slug = content["cities_pages"]["children"][0]["slug"]
    english = page_at(f"/{cities_slug}/{child_slug}/", "en")
    destination = page_at(f"/{content['about']['slug']}/", "en")
    english.move(destination, pos="last-child")
    chinese = english.get_translation(zh_locale)
    assert chinese.get_parent().pk == destination.get_translation(zh_locale).pk
