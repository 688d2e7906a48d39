"""Wagtail admin messages the portal's roles see that Wagtail 7.4.4's zh_Hans catalog leaves untranslated.

They are marked with ``gettext_noop`` so that ``make messages`` puts them in the portal's catalog
(``locale/zh_Hans/LC_MESSAGES/django.po``), which Django reads before Wagtail's (``LOCALE_PATHS``): a
Chinese admin user then reads them in Chinese. ``tests/portal/translations/test_admin_catalog.py`` fails
when Wagtail's own catalog translates one of them (drop it here then); docs/upstream-overrides.md.
"""

from django.utils.translation import gettext_noop

#: Wagtail's msgids, exactly as in its code.
MESSAGES = (
    # wagtail.admin.views.pages.edit: saving a page that a workflow locks for the user.
    gettext_noop("The page could not be saved as it is locked."),
)
