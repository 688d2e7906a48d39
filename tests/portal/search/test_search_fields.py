"""The models declare analysed search fields (``portal.search.fields``); the backend only analyses queries.

Every indexed model, Wagtail's image, document and page models included (``portal.search.upstream_models``),
indexes analysed text; ``update_index`` builds an index that finds Chinese words and English stems;
excerpts still come from the text as written.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from modelsearch import index
from modelsearch.index import get_indexed_models
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from components.models import City, CityPairing
from home.models import HomePage, StandardPage
from news.models import NewsPage
from portal.search import backend, results
from portal.search.fields import LANGUAGE_FIELD, AnalysedSearchField, analysed_fields, unanalysed_fields
from portal.search.upstream_models import UPSTREAM_MODELS, UPSTREAM_SEARCH_FIELDS
from tests.factories import ImageFactory

SENTENCE = "重庆代表团访问曼海姆"


def test_every_indexed_model_declares_analysed_text_fields():
    models = get_indexed_models()
    assert set(UPSTREAM_MODELS) <= set(models)
    assert {model: unanalysed_fields(model.get_search_fields()) for model in models} == {model: [] for model in models}


def test_converting_a_declaration_again_gives_the_same_field_objects():
    """Wagtail's check wagtailsearch.W001 finds Page's fields in each page model's by identity (Page's: Wagtail's,
    analysed, and the page's language, ``LANGUAGE_FIELD``)."""
    assert [*analysed_fields(UPSTREAM_SEARCH_FIELDS[Page]), LANGUAGE_FIELD] == Page.search_fields
    assert all(field in HomePage.search_fields for field in Page.search_fields)


@pytest.mark.parametrize("model", [City, CityPairing, NewsPage], ids=lambda model: model.__name__)
def test_a_search_field_naming_no_field_fails_the_models_checks(model, monkeypatch):
    """modelsearch's own check (W004) runs for every indexed model, whatever its other bases."""
    monkeypatch.setattr(model, "search_fields", [*model.search_fields, index.SearchField("no_such_field")])
    assert "modelsearch.W004" in [message.id for message in model.check()]


@pytest.mark.django_db
def test_the_backend_indexes_with_wagtails_own_index_class():
    """No object is patched while indexing: the backend's index class is Wagtail's."""
    search_backend = get_search_backend()
    assert isinstance(search_backend, backend.AnalysedBackendMixin)
    assert search_backend.index_class.__module__.startswith("modelsearch.")


@pytest.mark.django_db
def test_update_index_builds_an_index_that_finds_chinese_words_and_english_stems(zh_locale):
    home = HomePage.objects.get(locale=zh_locale)
    page = home.add_child(
        instance=StandardPage(title=SENTENCE, slug="delegation-visit", locale=zh_locale, intro="Partner cities.")
    )
    page.save_revision().publish()
    call_command("update_index", verbosity=0)
    assert page.pk in [found.pk for found in Page.objects.live().search("曼海姆")]
    assert page.pk in [found.pk for found in Page.objects.live().search("city")]
    assert page.pk not in [found.pk for found in Page.objects.live().search("庆曼")]


@pytest.mark.django_db
def test_the_admin_finds_an_image_by_a_chinese_word_of_its_title(editor_client):
    ImageFactory(title=SENTENCE)
    response = editor_client.get("/admin/images/", {"q": "曼海姆"})
    assert response.status_code == 200
    assert SENTENCE in response.content.decode()


@pytest.mark.django_db
def test_documents_are_found_by_a_chinese_word_and_an_english_stem():
    document = Document(title=f"{SENTENCE} partner cities")
    document.file.save("search-test.txt", ContentFile(b"Minutes."), save=False)
    document.save()
    search_backend = get_search_backend()
    assert document in search_backend.search("代表团", Document)
    assert document in search_backend.search("city", Document)


@pytest.mark.django_db
def test_excerpts_come_from_the_text_as_written(en_locale):
    home = HomePage.objects.get(locale=en_locale)
    page = home.add_child(instance=StandardPage(title="Excerpt", slug="excerpt-test", locale=en_locale))
    page.intro = "Partner cities met in Mannheim."
    assert isinstance(next(f for f in page.get_search_fields() if f.field_name == "intro"), AnalysedSearchField)
    assert "Partner cities met in Mannheim." in results.page_text(page)
