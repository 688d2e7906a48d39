"""Replaces the ``search_fields`` of ``wagtail.models.Page``, ``wagtail.images.models.Image`` (declared on
``AbstractImage``) and ``wagtail.documents.models.Document`` (declared on ``AbstractDocument``), Wagtail 7.4.4.

The portal's own models declare analysed search fields (``portal.search.fields``); these three are indexed too
(the admin's image, document and page search, the API's ``?search=``) but defined by Wagtail, so their class
attribute is replaced once, when the app is ready, by ``analysed_fields`` of Wagtail's declaration: same fields,
boosts and filters, text analysed (CJK bigrams, English stems) as the backend analyses queries. Without it, a
Chinese image title or an English plural would not be found. A plain ``Page`` is only the tree's root. ``Page``
also gets ``fields.LANGUAGE_FIELD``, which every page type declares (``BasePage``), so that a search of ``Page``
(the site search) may keep to one language.
"""

from django.db import models
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

from portal.search.fields import LANGUAGE_FIELD, Declaration, analysed_fields

#: The models whose ``search_fields`` are replaced.
UPSTREAM_MODELS: tuple[type[models.Model], ...] = (Page, Image, Document)

#: Wagtail's own ``search_fields`` of each model, as they were before ``analyse_upstream_models`` (for the tripwire).
UPSTREAM_SEARCH_FIELDS: dict[type[models.Model], list[Declaration]] = {}


def analyse_upstream_models() -> None:
    """Give each of ``UPSTREAM_MODELS`` the analysed equivalent of its ``search_fields``; idempotent."""
    for model in UPSTREAM_MODELS:
        if model not in UPSTREAM_SEARCH_FIELDS:
            UPSTREAM_SEARCH_FIELDS[model] = list(model.search_fields)
        model.search_fields = analysed_fields(UPSTREAM_SEARCH_FIELDS[model])
        if model is Page:  # every page type indexes its language (``LANGUAGE_FIELD``), the tree's root too
            model.search_fields.append(LANGUAGE_FIELD)
