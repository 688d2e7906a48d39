"""Wagtail admin messages the portal's roles see that Wagtail 7.4.4's zh_Hans catalog leaves untranslated.

They are marked here (never used at run time) so that ``make messages`` puts them in the portal's catalog
(``locale/zh_Hans/LC_MESSAGES/django.po``), which Django reads before Wagtail's (``LOCALE_PATHS``): a
Chinese admin user then reads them in Chinese. The msgids must stay exactly Wagtail's.
``tests/portal/translations/test_admin_catalog.py`` fails when Wagtail's own catalog translates one of
them, or Wagtail stops using it (drop it here then); docs/upstream-overrides.md.

Traditional Chinese needs no list: the generated ``locale/zh_Hant`` catalog converts these with the rest of the
Simplified catalog, and adds every message the apps translate only into Simplified Chinese
(``portal.translations.traditional_catalog.upstream_gaps``).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

#: Wagtail's msgids, exactly as in its code.
MESSAGES = (
    # wagtail.admin.views.pages.listing.IndexView.page_title: the page explorer's title ("Exploring: News").
    gettext_noop("Exploring"),
    # wagtail.admin.views.home.HomeView: the placeholder of the dashboard's search box.
    gettext_noop("Search all pages…"),
    # wagtail.admin.views.pages.edit: saving a page that a workflow locks for the user.
    gettext_noop("The page could not be saved as it is locked."),
    # wagtail.admin.views.generic.mixins.CreateEditViewOptionalFeaturesMixin.get_success_message
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    # wagtail.admin.views.pages.bulk_actions.delete.DeleteBulkAction.get_success_message
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    # wagtail.admin.views.pages.bulk_actions.publish / unpublish: their get_success_message.
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
    # wagtail.admin.forms.pages.WagtailAdminPageForm.clean: a slug a sibling page already has.
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    # wagtail.models.pages.Page._check_slug_is_unique: the same, when a page is validated outside the admin.
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."),
)

#: Wagtail's plural messages of the bulk page actions, with the name of their number.
PLURAL_MESSAGES = (
    (
        ngettext_lazy(
            "%(num_parent_objects)d page has been deleted",
            "%(num_parent_objects)d pages have been deleted",
            "num_parent_objects",
        ),
        "num_parent_objects",
    ),
    (
        ngettext_lazy(
            "%(num_parent_objects)d page has been published",
            "%(num_parent_objects)d pages have been published",
            "num_parent_objects",
        ),
        "num_parent_objects",
    ),
    (
        ngettext_lazy(
            "%(num_parent_objects)d page has been unpublished",
            "%(num_parent_objects)d pages have been unpublished",
            "num_parent_objects",
        ),
        "num_parent_objects",
    ),
    (
        ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", "num_parent_objects"),
        "num_parent_objects",
    ),
    (
        ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages", "num_child_objects"),
        "num_child_objects",
    ),
)
