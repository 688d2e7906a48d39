"""Admin registration of the FooterText snippet."""

from wagtail.snippets.models import register_snippet

from portal.core.models import FooterText
from portal.translations.permissions import TranslatableSnippetViewSet


class FooterTextViewSet(TranslatableSnippetViewSet):
    model = FooterText
    icon = "doc-full"
    list_display = ["__str__", "locale", "live"]
    list_filter = ["locale"]


register_snippet(FooterTextViewSet)
