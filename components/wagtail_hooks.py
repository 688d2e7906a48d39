"""Admin registration of the City and CityPairing snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal.translations.permissions import TranslatableSnippetViewSet

from .models import City, CityPairing


class CityViewSet(TranslatableSnippetViewSet):
    model = City
    icon = "site"
    list_display = ["name", "country", "generation", "locale", "live"]
    list_filter = ["country", "generation", "locale"]
    # No ``search_fields``: the admin searches City's indexed fields (name, profile) through the
    # search backend; restricting it to "name" fails on SQLite (django-modelsearch issue #47).


class CityPairingViewSet(TranslatableSnippetViewSet):
    model = CityPairing
    icon = "group"
    list_display = ["__str__", "generation", "verified", "locale", "live"]
    list_filter = ["generation", "verified", "locale"]


class CitiesViewSetGroup(SnippetViewSetGroup):
    items = (CityViewSet, CityPairingViewSet)
    menu_icon = "site"
    menu_label = _("Cities")
    menu_name = "cities"


register_snippet(CitiesViewSetGroup)
