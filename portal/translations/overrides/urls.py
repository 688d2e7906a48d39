"""Shadows six URLs of ``wagtail_localize.wagtail_hooks.register_admin_urls`` (wagtail-localize 1.14.5).

wagtail-localize registers its views through Wagtail's ``register_admin_urls`` hook, under ``localize/``:
``submit/page/<page_id>/``, ``submit/snippet/<app_label>/<model_name>/<pk>/``,
``update/<translation_source_id>/``, ``translate/<translation_id>/machine_translate/`` and
``translate/<translation_id>/pofile/download/`` and ``.../upload/`` (names
``wagtail_localize:submit_page_translation``, ``submit_snippet_translation``, ``update_translations``,
``machine_translate``, ``download_pofile``, ``upload_pofile``). ``portal/translations/wagtail_hooks.py``
registers ``urlpatterns`` below at an earlier hook order, so Django resolves these paths to the
portal's views first; ``reverse()`` of wagtail-localize's names (its buttons and templates) gives
the same paths.
"""

from django.urls import URLPattern, path

from portal.translations.overrides.memory_view import TranslateMissingStringsView
from portal.translations.overrides.po_files import DownloadPOFileView, UploadPOFileView
from portal.translations.overrides.submit_views import (
    SubmitPageForDraftTranslationView,
    SubmitSnippetForDraftTranslationView,
)
from portal.translations.overrides.sync_view import SyncTranslationsView

urlpatterns: list[URLPattern] = [
    path(
        "localize/submit/page/<int:page_id>/",
        SubmitPageForDraftTranslationView.as_view(),
        name="portal_submit_page_translation",
    ),
    path(
        "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
        SubmitSnippetForDraftTranslationView.as_view(),
        name="portal_submit_snippet_translation",
    ),
    path(
        "localize/update/<int:translation_source_id>/",
        SyncTranslationsView.as_view(),
        name="portal_update_translations",
    ),
    path(
        "localize/translate/<int:translation_id>/machine_translate/",
        TranslateMissingStringsView.as_view(),
        name="portal_machine_translate",
    ),
    path(
        "localize/translate/<int:translation_id>/pofile/download/",
        DownloadPOFileView.as_view(),
        name="portal_download_pofile",
    ),
    path(
        "localize/translate/<int:translation_id>/pofile/upload/",
        UploadPOFileView.as_view(),
        name="portal_upload_pofile",
    ),
]
