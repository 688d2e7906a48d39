"""Admin registration of the FooterText snippet; the page editor's autosave and preview extensions; rich text page
links."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.core import autosave
from portal.core.models import FooterText
from portal.core.rich_text import PortalPageLinkHandler
from portal.translations.permissions import TranslatableSnippetViewSet


class FooterTextViewSet(TranslatableSnippetViewSet):
    model = FooterText
    icon = "doc-full"
    list_display = ["__str__", "locale", "live"]
    list_filter = ["locale"]


register_snippet(FooterTextViewSet)

# A first save never collides with its own autosaved draft (portal/core/autosave.py).
hooks.register("before_create_page", autosave.continue_autosaved_draft)
hooks.register("after_create_page", autosave.remember_autosaved_page)
hooks.register("after_edit_page", autosave.forget_saved_page)
hooks.register("after_publish_page", autosave.forget_saved_page)


@hooks.register("insert_editor_js")
def preview_errors_js():
    """The script that names the fields in error in the preview panel (portal/core/preview.py)."""
    return format_html('<script src="{}"></script>', static("portal_admin/preview-errors.js"))


@hooks.register("register_rich_text_features", order=1)
def page_links_in_one_query(features):
    """Rich text page links expanded in one query (``portal/core/rich_text.py``), after Wagtail registered its own."""
    features.register_link_type(PortalPageLinkHandler)
