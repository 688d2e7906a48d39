"""Template tags for the ``<head>`` of ``base.html``: the meta description, Open Graph and Twitter card tags."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from portal.core.seo import open_graph_locale, share_image
from portal.core.templatetags.portal_tags import _live_translations, canonical_url

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered (and so escaped) already: kept as safe text, stripped of surrounding whitespace.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered by the template engine, so escaped
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: render the enclosed template into the variable ``name``.

    Outputs nothing. Blocks inside stay overridable, so ``base.html`` captures the ``title`` block
    once and uses it in ``<title>``, ``og:title`` and ``twitter:title``. Raises
    ``TemplateSyntaxError`` unless written ``capture as <name>``.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError(f"'{bits[0]}' must be written '{bits[0]} as <name>'")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def view_seo(context):
    """Return the ``page_seo`` dict of a view without a page that names a ``share_image_kind``, else None.

    No query: the share image is the static one of that kind in the active language.
    """
    kind = context.get("share_image_kind")
    if not kind:
        return None
    image = share_image(None, context.get("request"), kind=kind)
    return {
        "description": "",
        "url": "",
        "type": "website",
        "locale": open_graph_locale(translation.get_language()),
        "locale_alternates": [],
        "image": image,
        "twitter_card": "summary_large_image",
    }


@register.simple_tag(takes_context=True)
def page_seo(context):
    """Return what the ``<meta>`` tags of the page in the context say, as a dict; None outside a page.

    Keys:

    - ``description``: ``page.get_meta_description()`` (its search description or a fallback, plain
      text, at most 160 characters; "" when the page has no text to offer);
    - ``url``: the canonical URL (``canonical_url``: absolute, in the page's language, with the
      ``route_suffix`` of a routable page's sub-route; "" for a page not saved yet, in previews);
    - ``type``: ``page.open_graph_type`` ("article" for news, "website" otherwise);
    - ``locale`` and ``locale_alternates``: ``og:locale`` values (``en_GB``, ``zh_CN``, ``zh_HK``) of the
      page's language and of its other live translations (in the order of ``LANGUAGES``);
    - ``image``: ``portal.core.seo.share_image`` (absolute URL, size, type, alternative text), the
      page's own image or the site's default one;
    - ``twitter_card``: ``summary_large_image`` when there is an image, else ``summary``.

    Data: the ``page`` and ``request`` of the context and the database (live translations, image
    renditions). The 404 and 400 pages have no ``page``: the answer is None and no tag is written. A view
    without a page that says ``share_image_kind`` in its context (the site search) gets the tags of the
    active language and that share image, without description or ``og:url`` (``view_seo``).
    """
    page = context.get("page")
    if not isinstance(page, Page):
        return view_seo(context)
    request = context.get("request")
    specific = page.specific if type(page) is Page else page
    language = page.locale.language_code
    if hasattr(specific, "get_meta_description"):
        description = specific.get_meta_description()
    else:
        description = " ".join((page.search_description or "").split())
    alternates = _live_translations(page, request) if page.pk else {}
    image = share_image(specific, request)
    return {
        "description": description,
        "url": canonical_url(context),
        "type": getattr(specific, "open_graph_type", "website"),
        "locale": open_graph_locale(language),
        "locale_alternates": [
            open_graph_locale(code) for code, _name in settings.LANGUAGES if code in alternates and code != language
        ],
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
    }
