"""Search engine and link preview helpers: description text, Open Graph locales and share images.

Used by ``BasePage.get_meta_description`` and the ``page_seo`` template tag
(``portal/core/templatetags/seo_tags.py``), which fills the ``<meta>`` tags of ``base.html``.
"""

import re

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from wagtail.images.models import SourceImageIOError

from portal.edge.language import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE

#: About what search engines show of a description; longer text is cut (characters, in every language).
DESCRIPTION_LENGTH = 160

#: Open Graph's ``og:locale`` of each language of ``LANGUAGES`` (language_territory, as Facebook reads it): Traditional
#: Chinese is written as Hong Kong writes it (docs/decisions/0031-traditional-chinese-derived-by-opencc.md).
OPEN_GRAPH_LOCALES = {"en": "en_GB", SIMPLIFIED_CHINESE: "zh_CN", TRADITIONAL_CHINESE: "zh_HK"}

#: The rendition of a page's own image in link previews: the 1.91:1 size Facebook, LinkedIn and X ask for.
SHARE_RENDITION = "fill-1200x630|format-jpeg"

#: The site's share images, one per kind of page and language (static files made by ``manage.py
#: make_identity_images``), for pages without an image of their own: ``img/share/<kind>-<language>.png``.
SHARE_IMAGE_PATH = "img/share/{kind}-{language}.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)

#: The kinds of page with a share image of their own (a page's ``share_image_kind``) and the words the image
#: shows for each, in the page's language. "other" is the fallback: a standard page, or an unknown kind.
SHARE_IMAGE_LABELS = {
    "home": pgettext_lazy("share image", "Cities of Europe and Asia working together"),
    "component": pgettext_lazy("share image", "Programme component"),
    "country": pgettext_lazy("share image", "Participating country"),
    "news": pgettext_lazy("share image", "News"),
    "event": pgettext_lazy("share image", "Event"),
    "index": pgettext_lazy("share image", "Overview"),
    "other": pgettext_lazy("share image", "Programme information"),
}

# Han characters, CJK punctuation and full-width forms: text may be cut between any two of them.
_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Trailing characters dropped before the ellipsis: spaces, commas, colons, dashes, opening brackets.
_TRAILING = " \t,;:、，；：-–—(（[【「『“‘"


def _is_break(text, position):
    """Return True if ``text`` may be cut before ``text[position]``: not inside a Latin word or number."""
    before, after = text[position - 1], text[position]
    if _CJK_RE.match(before) or _CJK_RE.match(after):
        return True
    return not (before.isalnum() and after.isalnum())


def truncate_text(text, limit=DESCRIPTION_LENGTH):
    """Return ``text`` (a str) with its whitespace collapsed, cut to at most ``limit`` characters.

    Text that fits is returned whole. Longer text is cut at the last word boundary that leaves
    room for an ellipsis ("…"): a space or punctuation in English, any character in Chinese (a
    Latin word inside Chinese text is not split either); trailing commas, colons and spaces are
    dropped before the ellipsis. A single word longer than half the limit is cut where it must be.
    """
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    end = limit - 1
    while end > 0 and not _is_break(text, end):
        end -= 1
    if end < limit // 2:
        end = limit - 1
    return text[:end].rstrip(_TRAILING) + "…"


def open_graph_locale(language_code):
    """Return the ``og:locale`` value (``en_GB``, ``zh_CN``, ``zh_HK``) of a language code of ``LANGUAGES``.

    A code missing from ``OPEN_GRAPH_LOCALES`` gets Django's locale name (``pt-br`` → ``pt_BR``).
    """
    return OPEN_GRAPH_LOCALES.get(language_code) or translation.to_locale(language_code)


def _absolute(url, request):
    """Return ``url`` made absolute on the request's host (unchanged when already absolute or no request)."""
    return request.build_absolute_uri(url) if request is not None else url


def default_share_image_path(kind, language_code):
    """Return the static path of the share image of pages of ``kind`` in ``language_code`` (a str).

    An unknown kind gets the "other" image; a language without images of its own (not in
    ``settings.LANGUAGES``) gets the English ones.
    """
    languages = {code for code, _name in settings.LANGUAGES}
    kind = kind if kind in SHARE_IMAGE_LABELS else "other"
    language = language_code if language_code in languages else "en"
    return SHARE_IMAGE_PATH.format(kind=kind, language=language)


def share_image(page, request=None, kind=None):
    """Return the image of ``page`` for link previews, as a dict, or the site's default image.

    Keys: ``url`` (absolute, on the request's host), ``width``, ``height``, ``type`` (MIME type) and
    ``alt`` ("" when the editor gave none), plus ``default`` (True for the site's image). The page's
    own image is ``page.get_share_image()`` (see ``BasePage``), as a ``fill-1200x630`` JPEG rendition;
    without one, or when its file is missing from storage, the static share image of the page's kind
    (``page.share_image_kind``, or ``kind`` when given) in the page's language (the active one without
    a page; ``default_share_image_path``), with alternative text in the active language.
    """
    found = page.get_share_image() if hasattr(page, "get_share_image") else None
    if found is not None:
        image, alt = found
        try:
            rendition = image.get_rendition(SHARE_RENDITION)
        except SourceImageIOError:
            rendition = None
        if rendition is not None:
            return {
                "url": _absolute(rendition.url, request),
                "width": rendition.width,
                "height": rendition.height,
                "type": "image/jpeg",
                "alt": (alt or "").strip(),
                "default": False,
            }
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    kind = kind or getattr(page, "share_image_kind", "other")
    locale = getattr(page, "locale", None)
    language = locale.language_code if locale is not None else translation.get_language()
    path = default_share_image_path(kind, language)
    label = SHARE_IMAGE_LABELS.get(kind, SHARE_IMAGE_LABELS["other"])
    return {
        "url": _absolute(static(path), request),
        "width": width,
        "height": height,
        "type": "image/png",
        "alt": gettext(
            "The IUC Asia logo and the words “%(label)s” in white on blue, above the EU emblem "
            "with “Funded by the European Union”"
        )
        % {"label": label},
        "default": True,
    }
