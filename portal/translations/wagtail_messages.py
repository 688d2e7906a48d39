"""Wagtail 7.4.4's admin messages that its own zh_Hans catalog leaves in English, on the portal's workflows.

Marked here (never used at run time) so that ``makemessages`` keeps them in the portal's catalog,
``locale/zh_Hans/LC_MESSAGES/django.po``, which Django reads before Wagtail's (``LOCALE_PATHS``). Wagtail
shows them after an editor publishes a snippet or deletes pages in bulk; an editor whose admin
language is Chinese sees them in Chinese. The msgids must stay exactly Wagtail's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SNIPPET_MESSAGES = (
    # wagtail.admin.views.generic.mixins.CreateEditViewOptionalFeaturesMixin.get_success_message
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
)

BULK_PAGE_MESSAGES = (
    # wagtail.admin.views.pages.bulk_actions: DeleteBulkAction.get_success_message, PageBulkAction
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
        "num_parent_objects",
    ),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", "num_parent_objects"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages", "num_child_objects"),
)
