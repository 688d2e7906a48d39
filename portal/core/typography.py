"""Latin names inside Chinese text, marked with ``lang="en"``: ``<span lang="en">IUC</span>亚洲``.

So a screen reader reads "IUC", "UCAP" or "Mannheim" as English and the browser picks a Latin font for
them. Only text is changed: tags, attributes, entities and the content of ``<script>``, ``<style>`` and of
elements that already carry a ``lang`` are left as they are. A run is two or more characters starting with a
Latin letter, with inner digits, apostrophes, hyphens, dots, ampersands and single spaces ("DG REGIO",
"Creţu", "C40"); numbers alone ("2019") belong to every language and are not marked.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

LATIN = "A-Za-z\u00c0-\u024f"
#: A run of Latin text: a letter, then letters, digits and inner joiners, ending on a letter or digit.
LATIN_RUN = re.compile(rf"[{LATIN}](?:[{LATIN}0-9]|['’&.\-](?=[{LATIN}0-9])|\s(?=[{LATIN}]))+")
#: A tag, a comment or an entity: never changed.
MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>|&#?\w+;)", re.DOTALL)
#: Elements whose content is not text to mark.
RAW_ELEMENTS = ("script", "style", "textarea", "code", "pre")
#: Elements without content (never closed).
VOID_ELEMENTS = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")


def _wrap(text: str) -> str:
    """Return ``text`` (escaped HTML text, no tags or entities) with each Latin run in ``<span lang="en">``."""
    return LATIN_RUN.sub(lambda match: f'<span lang="en">{match.group()}</span>', text)


def mark_latin_text(text: object) -> SafeString:
    """Return plain ``text`` HTML-escaped, with its Latin runs marked."""
    return mark_latin_html(html.escape(str(text or ""), quote=False))


def mark_latin_html(markup: object) -> SafeString:
    """Return the HTML ``markup`` with the Latin runs of its text marked; tags and attributes are unchanged.

    Text inside ``script``, ``style``, ``textarea``, ``code`` and ``pre`` elements, and inside any element that
    has a ``lang`` attribute of its own, is left as it is.
    """
    parts = MARKUP.split(str(markup or ""))
    skip_stack = []  # the names of the open elements whose content is left alone
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # markup
            out.append(part)
            tag = re.match(r"<(/?)([A-Za-z][\w-]*)([^>]*)>", part)
            if tag is None:
                continue
            closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                if skip_stack and skip_stack[-1] == name:
                    skip_stack.pop()
            elif (
                name not in VOID_ELEMENTS
                and not rest.rstrip().endswith("/")
                and (name in RAW_ELEMENTS or re.search(r"\slang\s*=", rest) or (skip_stack and name == skip_stack[-1]))
            ):
                skip_stack.append(name)
        else:
            out.append(part if skip_stack else _wrap(part))
    return mark_safe("".join(out))  # noqa: S308 - only text between tags gains spans around letters
