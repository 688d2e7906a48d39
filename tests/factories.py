"""Shared building blocks of the per-app factories (``tests/<app>/factories.py``), and translated pairs.

The factories make *new* pages and snippets next to the programme's content, which the session loads
once (``tests/conftest.py``): a page goes below the existing page of its type's parent (the news index,
the events index, the home page) in its locale, English unless ``locale=`` says otherwise, and its
slug comes from a ``factory.Sequence`` so that two objects never collide with each other or with the
content. A page is saved with a revision and published (``live=False``: a draft with one revision), as
an editor would make it in the admin, and returned fresh from the database.

``translated_pair(SomeFactory, **fields)`` gives ``(english, chinese)``: the English object, then its
Chinese translation made through wagtail-localize the way the portal makes it (a TranslationSource of
the English object, a Translation into zh-hans, a StringTranslation for each string, and
``portal.translations.rules.publish_if_complete`` writing and publishing the Chinese object).
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale
from wagtail_localize.models import Translation, TranslationSource

from portal.translations.rules import missing_related_objects, publish_if_complete
from tests import utils


def locale_of(language):
    """The Locale of ``language`` ("en" or "zh-hans")."""
    return Locale.objects.get(language_code=language)


def english():
    return locale_of(utils.EN)


def chinese():
    return locale_of(utils.ZH)


def required(name):
    """A declaration that refuses to guess: the factory raises TypeError unless ``name=`` is passed.

    For keys the programme's content already uses up (every country has its page, both components theirs),
    where any default would make a second page for a key the site has one of.
    """

    def refuse(_obj):
        raise TypeError(f"pass {name}=: the programme's content already has a page for every value")

    return factory.LazyAttribute(refuse)


def slug_sequence(prefix):
    """A ``factory.Sequence`` of slugs no content page or snippet uses: ``f"{prefix}-{n}"``."""
    return factory.Sequence(lambda n: f"{prefix}-{n}")


def parent_of_type(model):
    """A LazyAttribute giving the page of type ``model`` in the object's locale (the parent of new pages).

    ``model`` is a page class or a function of the locale returning the parent (for the home page).
    """
    return factory.LazyAttribute(lambda obj: model.objects.get(locale=obj.locale))


class PortalPageFactory(wagtail_factories.PageFactory):
    """A page below an existing parent page, saved with a revision and published unless ``live=False``.

    Subclasses set ``parent`` (usually ``parent_of_type(IndexPage)``) and the page's required fields.
    """

    title = factory.Sequence(lambda n: f"Test page {n}")
    slug = slug_sequence("test-page")
    locale = factory.LazyFunction(english)
    live = True

    class Meta:
        abstract = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        assert parent is not None, f"{cls.__name__} needs a parent page"
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if page.live:
            revision.publish()
        return model_class.objects.get(pk=page.pk)


class SnippetFactory(DjangoModelFactory):
    """A translatable snippet with drafts, saved with a revision and published unless ``live=False``."""

    locale = factory.LazyFunction(english)
    live = True

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = super()._create(model_class, *args, **kwargs)
        revision = instance.save_revision()
        if instance.live:
            revision.publish()
        return model_class.objects.get(pk=instance.pk)


class ImageFactory(wagtail_factories.ImageFactory):
    """A new image of the portal's image model (a generated 1200x675 PNG) in the root collection.

    The seed content has no images (docs/content-model.md, "Images"): tests that need one make it here.
    """

    title = factory.Sequence(lambda n: f"Test image {n}")
    file = factory.django.ImageField(width=1200, height=675, color="steelblue", filename="test-image.png")
    collection = factory.LazyFunction(Collection.get_first_root_node)


def chinese_text(text):
    """The stand-in Chinese translation of an English string: ``"译：" + text`` (markup kept)."""
    return "译：" + text


def translate(source_object, *, publish=True, text=chinese_text):
    """Make the Chinese translation of ``source_object`` (an English page or snippet) through wagtail-localize.

    Takes (or updates) the object's TranslationSource, opens a Translation into zh-hans, translates
    every string with ``text`` (the English string, HTML-escaped, to its Chinese) and then, as the
    portal does when a translator publishes, ``publish_if_complete`` writes and publishes the Chinese
    object. With ``publish=False`` the Chinese object is written as a draft instead (as submitting
    for translation leaves it). Returns the Chinese object, fresh from the database.

    The snippets ``source_object`` points at (cities, a category) must have a Chinese translation
    already: a translation is complete only then (``translated_pair`` of their factory first).
    """
    locale = chinese()
    source, created = TranslationSource.get_or_create_from_instance(source_object)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    utils.translate_missing_strings(source_object, locale, text)
    if publish:
        target = publish_if_complete(translation)
        assert target is not None, (
            f"the translation of {source_object!r} is incomplete: {missing_related_objects(translation)}"
        )
    else:
        target, _created = source.create_or_update_translation(locale, publish=False, fallback=False)
    return type(source_object).objects.get(pk=target.pk)


def translated_pair(factory_class, *, publish=True, text=chinese_text, **fields):
    """Return ``(english, chinese)``: a new English object of ``factory_class`` and its Chinese translation.

    ``fields`` go to the factory; ``publish`` and ``text`` to ``translate``.
    """
    source_object = factory_class(**fields)
    return source_object, translate(source_object, publish=publish, text=text)
