"""Submitting for translation makes drafts, and only complete translations go live.

Through the admin, with real requests: wagtail-localize's *Translate* action creates the Chinese
page or snippet as a draft; the translation editor refuses to publish it while strings are missing;
an untranslated page is a 404 in Chinese that explains itself and links to the English page.
"""

import pytest
from django.contrib.messages import get_messages

from components.models import City, CountryPage
from tests.utils import ZH, soup_of, submit_page_for_translation, text_of, translate_missing_strings


@pytest.mark.django_db
def test_submitting_a_live_english_page_creates_a_chinese_draft(admin_client_user, new_english_news, zh_locale, client):
    response = submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
    assert response.status_code == 302
    chinese = new_english_news.get_translation(zh_locale)
    assert not chinese.live
    assert chinese.title == new_english_news.title  # a draft, waiting for the translator
    assert client.get(f"/{ZH}/news/{new_english_news.slug}/").status_code == 404


@pytest.mark.django_db
def test_an_untranslated_page_is_a_chinese_404_that_links_to_the_english_page(client, new_english_news):
    response = client.get(f"/{ZH}/news/{new_english_news.slug}/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == "zh-Hans"
    assert text_of(soup.find("h1")) == "本页尚未翻译"
    link = soup.find("a", class_="untranslated-original")
    assert link["href"] == new_english_news.url
    switcher_link = soup.select_one('a[hreflang="en"][lang="en"]')
    assert switcher_link["href"] == new_english_news.url
    assert "A brand new mission" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_chinese_page_is_still_a_plain_404(client):
    soup = soup_of(client.get(f"/{ZH}/news/no-such-news/"))
    assert text_of(soup.find("h1")) == "未找到页面"
    assert soup.find("a", class_="untranslated-original") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en/news/?page=999", "Page not found"),
        ("/en/news/?page=x", "Page not found"),
        (f"/{ZH}/news/?page=999", "未找到页面"),
        (f"/{ZH}/events/?page=99", "未找到页面"),
    ],
)
def test_a_page_number_no_page_has_is_a_plain_404_not_an_untranslated_page(client, path, heading):
    """The page is there in this language; its own view refused the number: nothing is untranslated."""
    response = client.get(path)
    assert response.status_code == 404
    soup = soup_of(response)
    assert text_of(soup.find("h1")) == heading
    assert soup.find("a", class_="untranslated-original") is None


@pytest.mark.django_db
def test_the_translation_editor_refuses_to_publish_an_incomplete_translation(
    admin_client_user, new_english_news, zh_locale
):
    submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
    chinese = new_english_news.get_translation(zh_locale)
    translate_missing_strings(new_english_news, zh_locale, {"A brand new mission": "全新的考察"}.get)
    response = admin_client_user.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    chinese.refresh_from_db()
    assert not chinese.live
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Not published: 1 string still needs a translation." in messages, messages


@pytest.mark.django_db
def test_a_complete_translation_is_published_by_the_translator(
    admin_client_user, new_english_news, zh_locale, client, django_capture_on_commit_callbacks
):
    submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
    chinese = new_english_news.get_translation(zh_locale)
    chinese_text = {"A brand new mission": "全新的考察", "Delegates met in Tianjin.": "代表们在天津会面。"}
    assert translate_missing_strings(new_english_news, zh_locale, chinese_text.__getitem__) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_user.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    chinese.refresh_from_db()
    assert chinese.live
    page = client.get(f"/{ZH}/news/{new_english_news.slug}/")
    assert page.status_code == 200
    assert text_of(soup_of(page).find("h1")) == "全新的考察"


@pytest.mark.django_db
def test_submitting_a_page_leaves_its_translated_snippets_live_and_unchanged(
    admin_client_user, new_english_news, en_locale, zh_locale
):
    city = City.objects.filter(locale=en_locale).first()
    new_english_news.related_cities.create(city=city, locale=en_locale)
    new_english_news.save_revision().publish()
    chinese_city = city.get_translation(zh_locale)
    name = chinese_city.name
    submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
    chinese_city.refresh_from_db()
    assert chinese_city.live
    assert chinese_city.name == name


@pytest.mark.django_db
def test_submitting_an_english_city_creates_a_chinese_draft_kept_out_of_lists(
    admin_client_user, en_locale, zh_locale, client
):
    city = City.objects.create(
        locale=en_locale, name="Newtown", slug="newtown", country="vietnam", profile="A coastal city."
    )
    response = admin_client_user.post(
        f"/admin/localize/submit/snippet/components/city/{city.pk}/", {"locales": [zh_locale.pk]}
    )
    assert response.status_code == 302
    chinese = city.get_translation(zh_locale)
    assert not chinese.live
    country = CountryPage.objects.get(locale=zh_locale, country="vietnam")
    assert "Newtown" not in client.get(country.url).content.decode()
    assert chinese not in country.get_cities()
