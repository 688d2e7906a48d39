"""Wagtail's interface strings that its own Simplified Chinese catalog leaves untranslated, for the portal's catalog.

Django merges the catalogs of every app with the project's (``LOCALE_PATHS``), and the project's wins. Marking
these msgids here puts them into ``locale/zh_Hans/LC_MESSAGES/django.po`` (``make messages``), where they are
translated, so a Chinese admin shows them in Chinese. Written for Wagtail 7.4.4;
``tests/portal/core/test_upstream_messages.py`` fails when Wagtail's wording changes.
"""

from django.utils.translation import gettext_noop

#: ``(upstream module, msgid)`` of each string.
WAGTAIL_MESSAGES = (
    # WagtailAdminPageForm.clean: a page's slug that a sibling already has (create and edit views).
    (
        "wagtail/admin/forms/pages.py",
        gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    ),
    # Page._check_slug_is_unique (Page.clean): the same, when a page is validated outside the admin's forms.
    (
        "wagtail/models/pages.py",
        gettext_noop("The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."),
    ),
)
