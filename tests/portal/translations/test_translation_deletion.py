"""Deleting an English page or snippet, by any path, deletes its translations: no Chinese orphan is left.

As a member of "Editors", through the admin's delete view and its bulk action, and in code
(``page.delete()``, ``snippet.delete()``, a queryset's ``delete()``). A Chinese snippet that something
still protects is unpublished instead, and the admin says so. Deleting a Chinese page or snippet
never touches the English one. Messages are in the editor's admin language.
"""

import pytest
from wagtail.models import Page, PageLogEntry

from components.models import City, CityPairing
from home.models import StandardPage
from news.models import NewsCategory, NewsPage
from portal.chinese.conversion import to_traditional
from tests.admin_forms import shown_messages, submit_edit_form
from tests.components.factories import CityFactory, CityPairingFactory, EUCityFactory
from tests.factories import translate, translated_pair
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsCategoryFactory, NewsPageFactory
from tests.utils import admin_denied, in_language


def label(client, title):
    """How the admin names the Chinese translations (Simplified ``title``, and its Traditional conversion) in a message,
    in ``client``'s language."""
    hant = to_traditional(title)
    return in_language(
        client,
        f"“{title}” (Chinese (Simplified)), “{hant}” (Chinese (Traditional))",
        f"“{title}”（简体中文）, “{hant}”（繁体中文）",
    )


def will_be_deleted(client, title):
    name = label(client, title)
    return in_language(client, f"These translations are deleted too: {name}.", f"以下译本也会一并删除：{name}。")


def deleted_too(client, title):
    name = label(client, title)
    return in_language(client, f"Translations deleted too: {name}.", f"以下译本也已删除：{name}。")


def kept_unpublished(client, title):
    name = label(client, title)
    return in_language(
        client,
        f"Still used elsewhere, so unpublished instead of deleted: {name}.",
        f"以下译本仍在别处使用，因此已取消发布而未删除：{name}。",
    )


def _exists(model, *objects):
    return model.objects.filter(pk__in=[obj.pk for obj in objects]).exists()


@pytest.fixture
def family(en_locale):
    """``(english parent, english child, chinese parent, chinese child)``: translated standard pages."""
    parent, chinese_parent = translated_pair(StandardPageFactory, title="Partner cities")
    child, chinese_child = translated_pair(StandardPageFactory, title="Twinning", parent=parent)
    assert chinese_child.get_parent().pk == chinese_parent.pk
    return parent, child, chinese_parent, chinese_child


# ---------------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_an_editor_deletes_a_page_and_its_translation_in_the_admin(editor):
    english, chinese = translated_pair(NewsPageFactory, title="Mission to Tianjin")
    url = f"/admin/pages/{english.pk}/delete/"

    confirm = editor.get(url)
    assert confirm.status_code == 200
    assert will_be_deleted(editor, "译：Mission to Tianjin") in shown_messages(confirm)
    assert _exists(Page, english, chinese)  # the confirmation changes nothing

    response = editor.post(url, follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{english.get_parent().pk}/", 302)]
    assert not _exists(Page, english, chinese)
    messages = shown_messages(response)
    assert in_language(editor, "Page 'Mission to Tianjin' deleted.", "页面'Mission to Tianjin'已删除") in messages
    assert deleted_too(editor, "译：Mission to Tianjin") in messages, messages
    log = PageLogEntry.objects.get(page_id=chinese.pk, action="wagtail.delete")
    assert log.user == editor.user


@pytest.mark.django_db
def test_an_editor_deletes_a_page_with_children_and_the_chinese_subtree_goes(editor_client, family):
    parent, child, chinese_parent, chinese_child = family
    problems_before = Page.find_problems()
    response = editor_client.post(f"/admin/pages/{parent.pk}/delete/", follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{parent.get_parent().pk}/", 302)]
    assert not _exists(Page, parent, child, chinese_parent, chinese_child)
    assert Page.find_problems() == problems_before  # the tree stays consistent (paths, depths, numchild)


@pytest.mark.django_db
def test_an_editor_deletes_pages_in_bulk_and_their_translations_go(editor, en_locale):
    pairs = [translated_pair(NewsPageFactory), translated_pair(NewsPageFactory)]
    parent = pairs[0][0].get_parent()
    url = f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{parent.pk}/&childOf={parent.pk}"
    url += "".join(f"&id={english.pk}" for english, _chinese in pairs)

    response = editor.post(url, follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{parent.pk}/", 302)]
    assert not _exists(Page, *[page for pair in pairs for page in pair])
    messages = shown_messages(response)
    assert in_language(editor, "2 pages have been deleted", "已删除 2 个页面") in messages, messages
    prefix = in_language(editor, "Translations deleted too: ", "以下译本也已删除：")
    assert any(message.startswith(prefix) for message in messages), messages


@pytest.mark.django_db
def test_deleting_a_page_in_code_deletes_its_translations(family):
    parent, child, chinese_parent, chinese_child = family
    child.delete()
    assert not _exists(Page, child, chinese_child)
    assert _exists(Page, parent) and _exists(Page, chinese_parent)
    assert Page.objects.get(pk=chinese_parent.pk).numchild == 0

    Page.objects.get(pk=parent.pk).delete()
    assert not _exists(Page, parent, chinese_parent)


@pytest.mark.django_db
def test_deleting_a_queryset_of_english_pages_deletes_their_translations(en_locale):
    pairs = [translated_pair(NewsPageFactory), translated_pair(NewsPageFactory)]
    NewsPage.objects.filter(pk__in=[english.pk for english, _chinese in pairs]).delete()
    assert not _exists(Page, *[page for pair in pairs for page in pair])


@pytest.mark.django_db
def test_deleting_a_chinese_page_leaves_the_english_page(family):
    parent, child, chinese_parent, chinese_child = family
    chinese_parent.delete()
    assert not _exists(Page, chinese_parent, chinese_child)
    parent = StandardPage.objects.get(pk=parent.pk)
    assert parent.live and StandardPage.objects.filter(pk=child.pk, live=True).exists()


@pytest.mark.django_db
def test_a_translator_may_not_delete_a_chinese_page(translator_client, family):
    _parent, _child, chinese_parent, _chinese_child = family
    assert admin_denied(translator_client.post(f"/admin/pages/{chinese_parent.pk}/delete/"))
    assert _exists(Page, chinese_parent)


# ---------------------------------------------------------------------------- snippets


@pytest.mark.django_db
def test_an_editor_deletes_a_snippet_and_its_translation_in_the_admin(editor):
    english, chinese = translated_pair(NewsCategoryFactory, name="Climate")
    url = f"/admin/snippets/news/newscategory/delete/{english.pk}/"

    confirm = editor.get(url)
    assert confirm.status_code == 200
    assert will_be_deleted(editor, "译：Climate") in shown_messages(confirm)

    response = editor.post(url, follow=True)
    assert response.redirect_chain == [("/admin/snippets/news/newscategory/", 302)]
    assert not _exists(NewsCategory, english, chinese)
    messages = shown_messages(response)
    assert in_language(editor, "News category 'Climate' deleted.", "新闻类别 'Climate' 已删除。") in messages, messages
    assert deleted_too(editor, "译：Climate") in messages


@pytest.mark.django_db
def test_an_editor_deletes_snippets_in_bulk_and_their_translations_go(editor_client, en_locale):
    pairs = [translated_pair(CityFactory), translated_pair(CityFactory)]
    url = "/admin/bulk/components/city/delete/?next=/admin/snippets/components/city/"
    url += "".join(f"&id={english.pk}" for english, _chinese in pairs)

    response = editor_client.post(url, follow=True)
    assert response.redirect_chain == [("/admin/snippets/components/city/", 302)]
    assert not _exists(City, *[city for pair in pairs for city in pair])
    messages = shown_messages(response)
    assert "2 Cities deleted." in messages, messages
    assert sum(message.startswith("Translations deleted too: ") for message in messages) == 1


@pytest.mark.django_db
def test_deleting_snippets_in_code_deletes_their_translations(en_locale):
    english, chinese = translated_pair(CityFactory)
    english.delete()
    assert not _exists(City, english, chinese)

    pairs = [translated_pair(NewsCategoryFactory), translated_pair(NewsCategoryFactory)]
    NewsCategory.objects.filter(pk__in=[english.pk for english, _chinese in pairs]).delete()
    assert not _exists(NewsCategory, *[category for pair in pairs for category in pair])


@pytest.mark.django_db
def test_a_chinese_snippet_still_in_use_is_unpublished_and_the_editor_told(editor, en_locale, zh_locale):
    """The English pairing moved to an untranslated city: its Chinese version, waiting, still uses the old one."""
    eu_city, _chinese_eu_city = translated_pair(EUCityFactory)
    old_city, chinese_old_city = translated_pair(CityFactory, name="Old city")
    pairing = CityPairingFactory(eu_city=eu_city, cn_city=old_city)
    chinese_pairing = translate(pairing)
    new_city = CityFactory(name="New city")  # not translated yet
    url = f"/admin/snippets/components/citypairing/edit/{pairing.pk}/"
    submit_edit_form(editor, url, CityPairing, cn_city=str(new_city.pk))
    assert CityPairing.objects.get(pk=chinese_pairing.pk).cn_city_id == chinese_old_city.pk

    response = editor.post(f"/admin/snippets/components/city/delete/{old_city.pk}/", follow=True)
    assert response.redirect_chain == [("/admin/snippets/components/city/", 302)]
    assert not _exists(City, old_city)
    chinese_old_city = City.objects.get(pk=chinese_old_city.pk)
    assert not chinese_old_city.live
    assert kept_unpublished(editor, "译：Old city") in shown_messages(response), shown_messages(response)


@pytest.mark.django_db
def test_deleting_a_chinese_snippet_leaves_the_english_one(en_locale):
    english, chinese = translated_pair(NewsCategoryFactory)
    chinese.delete()
    english = NewsCategory.objects.get(pk=english.pk)
    assert english.live
