"""Tripwires: they fail when an upgrade changes what the portal replaced of wagtail-localize, Wagtail or Django.

Each override is described in docs/upstream-overrides.md. For each upstream object the portal forks,
overrides or relies on the calling convention of, ``FORKS`` records the SHA-256 of its source
(``inspect.getsource``) in the version the override was written for. When a test here fails after an
upgrade: read the upstream change, re-check the portal's module named in the message (port what
upstream now does, or note why not), then record the new hash and version here and in the docs.
"""

import ast
import hashlib
import importlib
import importlib.util
import inspect
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from portal.core.preview import PreviewOnCreateWithErrors, PreviewOnEditWithErrors
from portal.search.upstream_models import UPSTREAM_SEARCH_FIELDS
from portal.translations.overrides.memory_view import TranslateMissingStringsView
from portal.translations.overrides.po_files import DownloadPOFileView, UploadPOFileView
from portal.translations.overrides.submit_views import (
    SubmitPageForDraftTranslationView,
    SubmitSnippetForDraftTranslationView,
)
from portal.translations.overrides.sync_view import SyncTranslationsView

#: The versions every override was written for (distribution name → version).
WRITTEN_FOR = {
    "Django": "5.2.19",
    "wagtail": "7.4.4",
    "wagtail-localize": "1.14.5",
    "modelsearch": "1.3.2",
    "django-storages": "1.14.6",
    "gunicorn": "27.0.1",
}


@dataclass(frozen=True)
class Fork:
    """One upstream object the portal replaces (or whose behaviour its replacement depends on)."""

    upstream: str  # dotted path of the upstream function, method or class
    distribution: str  # the package it comes from (a key of WRITTEN_FOR)
    sha256: str  # of inspect.getsource(upstream) in WRITTEN_FOR[distribution]
    ours: str  # the portal module that replaces it
    recheck: str  # what to compare when the source changed

    @property
    def version(self):
        return WRITTEN_FOR[self.distribution]


FORKS = [
    # wagtail-localize: submitting for translation (portal/translations/overrides/)
    Fork(
        "wagtail_localize.operations.TranslationCreator.create_translations",
        "wagtail-localize",
        "def7108273ab9e96a939fc6b05114a767ff11d8dee091c210ef638d0ebab9137",
        "portal.translations.overrides.translation_creator",
        "DraftTranslationCreator.create_translations: related objects, translation mode, which locales are skipped, "
        "how the target is saved",
    ),
    Fork(
        "wagtail_localize.operations.translate_page_subtree",
        "wagtail-localize",
        "6960f86bc358a2734ff68a64762b7ad69f86bdd76fa3b64e7ea8495e76475ddc",
        "portal.translations.overrides.translation_creator",
        "translate_subtree_as_drafts: the pages walked and the components saved",
    ),
    Fork(
        "wagtail_localize.operations.translate_object",
        "wagtail-localize",
        "8059d3b50f80c382a2c787e737ea48f3a2b54221713c11b27c1031b2fce95c14",
        "portal.translations.overrides.submit_views",
        "DraftSubmissionMixin.form_valid, which does what translate_object does with DraftTranslationCreator",
    ),
    Fork(
        "wagtail_localize.views.submit_translations.SubmitTranslationView.form_valid",
        "wagtail-localize",
        "6b287b0f778efb895209a624f3b772b17093f7ad93ab17c9933c720c84913d18",
        "portal.translations.overrides.submit_views",
        "DraftSubmissionMixin.form_valid: subtree job, messages, success URL",
    ),
    Fork(
        "wagtail_localize.views.submit_translations.SubmitTranslationView.get_form",
        "wagtail-localize",
        "e0c039780802f2144e7185737767c5746b0b1eb7b32120449ea6e894f5afc517",
        "portal.translations.overrides.submit_views",
        "DraftSubmissionMixin.get_form: the form upstream builds (initial locales from ?select_locale)",
    ),
    Fork(
        "wagtail_localize.views.submit_translations.SubmitPageTranslationView.get_default_success_url",
        "wagtail-localize",
        "1f37263520f70271832378ef2cdf8211f2b2a3fdac53bc91a3cd7327b8a34ed7",
        "portal.translations.overrides.submit_views",
        "DraftSubmissionMixin.form_valid: where the user lands (the translation only when they may edit it)",
    ),
    Fork(
        "wagtail_localize.views.submit_translations.SubmitSnippetTranslationView.get_default_success_url",
        "wagtail-localize",
        "284c4b40c193c6688c0f74c5e683312764fd02cea73df8c46d967fa3adf6adcd",
        "portal.translations.overrides.submit_views",
        "SubmitSnippetForDraftTranslationView.get_source_edit_url: upstream's URL without a translation",
    ),
    Fork(
        "wagtail_localize.views.submit_translations.SubmitTranslationForm",
        "wagtail-localize",
        "a327a61d483770f69d8b59d22ac8ca486471b9a69ca4b2493944de8f163b77dd",
        "portal.translations.overrides.translation_creator",
        "is_translated (the locales the form offers: aliases count as untranslated) and the fields form_valid reads",
    ),
    Fork(
        "wagtail_localize.views.update_translations.UpdateTranslationsView.form_valid",
        "wagtail-localize",
        "314e2852e1a71133696700a54893c36d09e4faaefac4ca17fddbea6e19dc8036",
        "portal.translations.overrides.sync_view",
        "SyncTranslationsView.form_valid: machine translation, publishing, view restrictions, components",
    ),
    Fork(
        "wagtail_localize.fields.TranslatableField.is_synchronized",
        "wagtail-localize",
        "c1192aee4422521c9c19121ab8f71d7f4f5f392d7e9274e974c51df8bad81545",
        "portal.translations.overrides.fields",
        "TranslatableField.is_synchronized: which values upstream now copies as is (an empty one must still be)",
    ),
    Fork(
        "wagtail_localize.fields.copy_synchronised_fields",
        "wagtail-localize",
        "21e885dc252383bc3a6fd1b58395d909c06821425ee6e5ea0873fc541b6743bf",
        "portal.translations.overrides.fields",
        "that a synchronised foreign key is still copied by its attname, so an empty one clears the translation's",
    ),
    Fork(
        "wagtail_localize.models.String._get_data_hash",
        "wagtail-localize",
        "44cb090c0ce2ce286c74ba1a5c580574f01a29bd75173c45c21fc8164e2dd275",
        "portal.translations.overrides.strings",
        "source_string_hash, and that String.data_hash is still what the PO exchange's msgctxt discriminator uses",
    ),
    Fork(
        "wagtail_localize.wagtail_hooks.register_admin_urls",
        "wagtail-localize",
        "df8da21aeecf01b3b2d54b6eb1f1441cefcd50a78e3cc03fb3d8989590ecd835",
        "portal.translations.overrides.urls",
        "the six shadowed paths and their views (the URL tripwires below say whether ours still win)",
    ),
    Fork(
        "wagtail_localize.views.edit_translation.machine_translate",
        "wagtail-localize",
        "a134db943333506c272db99f903eb9ec1e29861509a93b060db6c0333d131b3a",
        "portal.translations.overrides.memory_view",
        "TranslateMissingStringsView.post: permission check, the translator it uses, messages, the next URL",
    ),
    Fork(
        "wagtail_localize.views.edit_translation.apply_machine_translation",
        "wagtail-localize",
        "a008ec9ac07bc1a2280f1c1915f3f046887376687ca8fde79b09e5af3621e5fb",
        "portal.translations.overrides.memory_view",
        "translate_with_service: that it still skips strings with any StringTranslation (the memory's suggestions) "
        "and labels the rest with the translator's display_name",
    ),
    Fork(
        "wagtail_localize.views.edit_translation.download_pofile",
        "wagtail-localize",
        "371c1269e5dd0ba9bd1fa83723a324cfad0420f26f36e8d09687c55458771e15",
        "portal.translations.overrides.po_files",
        "DownloadPOFileView.get: permission check, the exporter it calls, the file name and content type",
    ),
    Fork(
        "wagtail_localize.views.edit_translation.upload_pofile",
        "wagtail-localize",
        "9cf1ffceecbb6b7da2f9d0e7c8e484493436bbb0ce0dce62a36f52f981e46d56",
        "portal.translations.overrides.po_files",
        "UploadPOFileView.post: permission check, how the file is read and checked, the import call (tool name), "
        "messages, the next URL",
    ),
    Fork(
        "wagtail_localize.models.Translation.export_po",
        "wagtail-localize",
        "e061f0a991629f2e23c5c570c48278113390934db2b506fe27bd14954cf96012",
        "portal.translations.overrides.po_files",
        "export_with_suggestions: that entries are still keyed by msgid and the context path as msgctxt, rows with "
        "an error still exported as msgstr, and the translation's uuid still in the metadata",
    ),
    Fork(
        "wagtail_localize.models.Translation.import_po",
        "wagtail-localize",
        "d06f3927b1ee01dcd0a0ada844c9c3959122d8cfafd8951febf0fd876e8d058a",
        "portal.translations.overrides.po_files",
        "import_without_fuzzy: whether upstream now skips fuzzy entries or replaces rows with an error whatever "
        "their text (then the portal's steps can go), and how it finds the string and context of an entry",
    ),
    Fork(
        "wagtail_localize.models.StringTranslation.get_error",
        "wagtail-localize",
        "4519cdef67b9fe75b46809fafb8949600cef83160ed980dc2fb8418094892397",
        "portal.translations.memory",
        "offer_suggestions: that a row with has_error still shows its field_error (the note) in the editor",
    ),
    Fork(
        "wagtail_localize.models.Translation.get_progress",
        "wagtail-localize",
        "080db9a9963a6e0b00f21d9e6652d22c8ebf1e58a4246bcf06762beb1c1d74fa",
        "portal.translations.memory",
        "that a suggestion (a row with has_error) still counts as untranslated, so it never completes a translation",
    ),
    Fork(
        "wagtail_localize.models.StringTranslation.get_comment",
        "wagtail-localize",
        "fcf6e7bcf9a30b6b124adb96e98f3c7d52814dd3ff63b3c4859400ea9620abf2",
        "portal.translations.overrides.comments",
        "translated_comment: upstream's sentences (msgids), which fields they read, when each is shown",
    ),
    Fork(
        "wagtail_localize.views.update_translations.UpdateTranslationsView.get_context_data",
        "wagtail-localize",
        "1a7e95ce7a2ce13fb1f08a7ebef4066a5199b1125e18e809552b71a6e014c205",
        "portal.translations.overrides.sync_view",
        "SyncTranslationsView.get_context_data: that the translations are still listed as dicts with a 'locale'",
    ),
    Fork(
        "wagtail_localize.views.edit_translation.user_can_edit_instance",
        "wagtail-localize",
        "8140a3d27b2bbc26549dfd919a5c5864ade37da520936f5220aaf314aa22196b",
        "portal.translations.overrides.edit_permission",
        "user_can_edit_instance: upstream's rule for pages and snippets (the portal adds the snippet's locale), and "
        "that the editor's endpoints still call it through the module (edit_string_translation, edit_override...)",
    ),
    Fork(
        "wagtail_localize.wagtail_hooks.page_listing_more_buttons",
        "wagtail-localize",
        "2a98d3b297d8c957b0136655e1c9b962a21220236efef07a305d38b6cb8e9661",
        "portal.translations.overrides.translate_buttons",
        "page_listing_more_buttons: the URL of its Translate button, the locales it counts as missing, and that it "
        "is still registered for register_page_header_buttons and register_page_listing_more_buttons",
    ),
    Fork(
        "wagtail_localize.wagtail_hooks.register_snippet_listing_buttons",
        "wagtail-localize",
        "eabca272586676f0dfdc22384fa5315afdf6d6ca30e51e94fa13bc413925238a",
        "portal.translations.overrides.translate_buttons",
        "snippet_listing_buttons: the URL of its Translate button and the locales it counts as missing",
    ),
    Fork(
        "wagtail_localize.machine_translators.deepl.DeepLTranslator.translate",
        "wagtail-localize",
        "8215d282ce23314bdb1a19ca8c42427304e0ea74c0bc5d64069809c98b0b7113",
        "portal.translations.overrides.deepl",
        "CheckedDeepLTranslator.translate: the request it sends and how it reads the answer",
    ),
    # Search (portal/search/)
    Fork(
        "modelsearch.backends.base.BaseSearchBackend._search",
        "modelsearch",
        "b3a85a2b27624f5d5da347e1e9d075d0aa61cbb1dcf94bdd137d320feda1fc72",
        "portal.search.backend",
        "AnalysedBackendMixin._search: its arguments, and that it still receives the query before compiling it",
    ),
    Fork(
        "modelsearch.backends.base.BaseSearchBackend.search",
        "modelsearch",
        "6bc941800c4ebb3625316445e45d898a9a76899b7f4352d63a7f1aef5b95d00b",
        "portal.search.backend",
        "that search() still goes through _search with the operator in its keyword arguments",
    ),
    Fork(
        "modelsearch.backends.base.BaseSearchBackend.autocomplete",
        "modelsearch",
        "d57480c5d77971b51c87707c97a7375a71aad0565edc099121715becb21310da",
        "portal.search.backend",
        "that autocomplete() still goes through _search with autocomplete_query_compiler_class",
    ),
    Fork(
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler.search",
        "modelsearch",
        "4b214294f3627b592a8d778fd09c073642cca13e533f8a3cb86bc54b818624f0",
        "portal.search.ranking",
        "RankedSQLiteCompilerMixin: the match (normalize, build_search_query, MatchExpression over fields or "
        "FTS_TABLE_FIELDS), the content types, the queryset's filter, what upstream leaves unranked (Not, MatchAll)",
    ),
    Fork(
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults._do_search",
        "modelsearch",
        "b176de445acab3d32b7c58f996c0d9fee3b4c430960b9acce2ef744995f9db64",
        "portal.search.ranking",
        "RankedResultsMixin._do_search: the slice (start, stop) and the score field upstream passes",
    ),
    Fork(
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchResults._do_count",
        "modelsearch",
        "eb8594999a1bdcd802ec09c25b2ce2279be1e6eeb4a6c09d48483d8971a6c07f",
        "portal.search.ranking",
        "RankedResultsMixin._do_count: that a count is still the count of the slice",
    ),
    Fork(
        "modelsearch.backends.database.sqlite.query.MatchExpression",
        "modelsearch",
        "67f930485d349d551c42dea27ab9cbd4af129460767cd298a3bccdb1219421ff",
        "portal.search.ranking",
        "RankedSQLiteCompilerMixin.matching_entries and WeightedBM25: the FTS5 table it names and its MATCH syntax",
    ),
    Fork(
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.search",
        "modelsearch",
        "8a732f3f3c6131057d5b04c904eef07fb31fed940454be9e45b94d473b9a0673",
        "portal.search.ranking",
        "RankedPostgresSearchQueryCompiler: the match ((title || body) @@ tsquery, portal_search_matches in "
        "migration portal_search.0001), the ordering and tie-break, what upstream leaves to other paths",
    ),
    Fork(
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler._build_rank_expression",
        "modelsearch",
        "48a64c62f7e1873d45344894a9c6f02cc9bb6547317301455b7b98f32f179c7a",
        "portal.search.ranking",
        "RankedPostgresSearchQueryCompiler.ranked_results: the rank it writes in SQL (sum of the vectors' ts_rank)",
    ),
    Fork(
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.get_index_vectors",
        "modelsearch",
        "a225255fec0b0fd161ba6680b03b1607d39ca101bbe5a2bf0a824628e42a0332",
        "portal.search.ranking",
        "RankedPostgresSearchQueryCompiler.ranked_results: title times title_norm plus body",
    ),
    Fork(
        "modelsearch.backends.database.postgres.postgres.PostgresSearchResults._do_search",
        "modelsearch",
        "9fbea120d6f6eecbe3f19c4b9eb7668f9d9a42117727b682a0fdf50e8c4837c0",
        "portal.search.ranking",
        "RankedResultsMixin._do_search: the slice, the score field, the missing-extension errors upstream explains",
    ),
    Fork(
        "modelsearch.backends.database.postgres.postgres.PostgresSearchResults._do_count",
        "modelsearch",
        "9f9ff49e9537d0649974deedd2ffd2df3a187f4c96d132120c779062208f2023",
        "portal.search.ranking",
        "RankedResultsMixin._do_count: that a count is still the count of the slice",
    ),
    Fork(
        "modelsearch.index.BaseField.get_value",
        "modelsearch",
        "da40e42dce08b0f566d484bae6298e86cc7f3187745f8f7efd93aeefcb029d7f",
        "portal.search.fields",
        "AnalysedSearchField / AnalysedAutocompleteField.get_value, and that the indexers still store get_value",
    ),
    # Django and Wagtail (portal/core/, portal/operations/, portal/api/)
    Fork(
        "django.middleware.locale.LocaleMiddleware.process_request",
        "Django",
        "d9d2626c77dcfe26ebd16dab1f67cc8bf6aba536f88ad8ba3cc7397d45941c0e",
        "portal.core.middleware",
        "PrefixOnlyLocaleMiddleware.process_request (request.LANGUAGE_CODE, activation)",
    ),
    Fork(
        "django.middleware.locale.LocaleMiddleware.process_response",
        "Django",
        "fb2abee032d2e473eb019d08fd4a76f657bade8ce5e10c11fe229d6a8d163f21",
        "portal.core.middleware",
        "PrefixOnlyLocaleMiddleware.process_response (Vary, Content-Language, the redirect we leave out)",
    ),
    Fork(
        "wagtail.contrib.sitemaps.Sitemap._urls",
        "wagtail",
        "4bfc0b041a9373257f10b94c3504566407241825edd8a792efda65b73bf9ec3f",
        "portal.core.sitemaps",
        "PortalSitemap._urls: which pages and URLs Wagtail lists, latest_lastmod",
    ),
    Fork(
        "django.contrib.sitemaps.Sitemap._urls",
        "Django",
        "dda9a21f8832d6b30e65fb8376b9fc8fe38fd916f46e673185827664f7fbad76",
        "portal.core.sitemaps",
        "the keys of the url dicts PortalSitemap._urls builds for Django's sitemap.xml template",
    ),
    Fork(
        "django.contrib.sitemaps.Sitemap.get_urls",
        "Django",
        "4218bebd6f9eaf0954acdeb470553baaadb7ae0c3e7aa92c0bc18dd48a7cdd53",
        "portal.core.sitemaps",
        "that get_urls still calls _urls(page, protocol, domain)",
    ),
    Fork(
        "django.forms.models.BaseModelForm._post_clean",
        "Django",
        "7ac9e513c344a3328578b18ebe81d1193878c6f2a1d6097b97764c3040a11c39",
        "portal.operations.upload_limits",
        "DocumentForm._post_clean: that model validation still adds its errors to self.errors there",
    ),
    Fork(
        "wagtail.documents.models.AbstractDocument.clean",
        "wagtail",
        "c663d81e0143f4a2f1cea73ecf04c03a538d5448762f1287a05929ea754af91d",
        "portal.operations.upload_limits",
        "whether Document.clean still adds the extension error that DocumentForm._post_clean drops",
    ),
    Fork(
        "wagtail.api.v2.views.PagesAPIViewSet.find_object",
        "wagtail",
        "05d33df0884f2f6a4a1bc34d3c96009fbf88d6dec63835fac9cd4908f9a28805",
        "portal.api.views",
        "PagesEndpoint.find_object: the html_path lookup it replaces",
    ),
    Fork(
        "wagtail.api.v2.pagination.WagtailPagination.paginate_queryset",
        "wagtail",
        "3c321f827ac47af7af27bbc07bb8d36a3478f2e9ce25308ee365f530910dfe7e",
        "portal.api.views",
        "Pagination.paginate_queryset: that offset is still read with int() and sliced with, unchecked above",
    ),
    Fork(
        "wagtail.api.v2.filters.FieldsFilter.filter_queryset",
        "wagtail",
        "7c7e9db2d48a484b2bc7a173daa222a582ee2ee9b0e01c5a2466437b3debebb1",
        "portal.api.views",
        "FieldsFilter.filter_queryset and compared_as_integer: which fields upstream filters on and compares as "
        "integers (integer fields, foreign keys; tags by name)",
    ),
    Fork(
        "wagtail.api.v2.serializers.StreamField.to_representation",
        "wagtail",
        "b1af7c30922ead1f2c078374ee22c2befb02d630ae9cd8d3f3b80cf88b55b483",
        "portal.api.serializers",
        "StreamField.to_representation: the block representation it calls and the context it passes",
    ),
    # Blocks (components/)
    Fork(
        "wagtail.snippets.blocks.SnippetChooserBlock.deconstruct",
        "wagtail",
        "ee0a6bc4d6eded659212183cf87b54415ca367ff30eddfd401fa9e4d52425778",
        "components.blocks",
        "CityPairingChooserBlock.deconstruct: that upstream still returns the model as the positional arguments",
    ),
    Fork(
        "wagtail.snippets.blocks.SnippetChooserBlock.__init__",
        "wagtail",
        "f93338cb4d56f00d0a31dcce514bb1cfc590a9128531c5d9680ddd417ea7c5d1",
        "components.blocks",
        "CityPairingChooserBlock.__init__ and deconstruct: that the model is still the one positional argument",
    ),
    Fork(
        "wagtail.blocks.field_block.ChooserBlock.bulk_to_python",
        "wagtail",
        "3204b32b24da9b8992b9c1b629c69fb9e5cd8e1b04af4dd1523c094042a6ef8c",
        "components.blocks",
        "CityChooserBlock.bulk_to_python: what upstream reads and returns (order, None for a deleted snippet)",
    ),
    Fork(
        "wagtail.admin.auth.require_admin_access",
        "wagtail",
        "4f09342d152b7a422a7328aa56351f32d5eb5cd317c24bbc5317f026c77548f8",
        "portal.core.middleware",
        "AdminLanguageMiddleware: whether Wagtail still writes its refusal outside the user's language",
    ),
    # The page editor: previews that name the fields in error, autosave's first save (portal/core/)
    Fork(
        "wagtail.admin.views.generic.preview.PreviewOnEdit.post",
        "wagtail",
        "78167ab291508c92e1677c910ce16ab77c3a4bbcadada5b91ca6cb93cc4f6111",
        "portal.core.preview",
        "FieldErrorsMixin.post: that the POSTed form is validated first through validate_form and the answer "
        "is still a JsonResponse with is_valid and is_available",
    ),
    Fork(
        "wagtail.admin.views.generic.preview.PreviewOnEdit.get",
        "wagtail",
        "03eeab9c7f68fb8dd21a91546316b56e77701207dc5158e34dd4cf6428ca0bba",
        "portal.core.preview",
        "FieldErrorsMixin.error_response: that get still answers error_response() when the stored form is invalid",
    ),
    Fork(
        "wagtail.admin.views.generic.preview.PreviewOnEdit.error_response",
        "wagtail",
        "19555d18390f33b6180a73601d5e0a5b09babe6816652304fb9dceb8c57bab0c",
        "portal.core.preview",
        "FieldErrorsMixin.error_response and portal_admin/preview_error.html: the template it extends and its context",
    ),
    Fork(
        "wagtail.admin.views.generic.preview.PreviewOnEdit.validate_form",
        "wagtail",
        "eaae8c8bc3c269940a1b5311047c64bb1352ba5583f636a49e8b381711bcde10",
        "portal.core.preview",
        "FieldErrorsMixin.validate_form: that it still returns form.is_valid() after deferring required fields",
    ),
    Fork(
        "wagtail.admin.views.pages.preview.PreviewOnCreate.get_form",
        "wagtail",
        "5b77e0b8f108d37197ef308f961ea0e7c7f4ee705f5ede2eb663cb2e2c30ce95",
        "portal.core.preview",
        "PreviewOnCreateWithErrors.get_form: that the query dict it rewrites is still the form's data",
    ),
    Fork(
        "wagtail.admin.views.pages.preview.PreviewOnEdit.get_form",
        "wagtail",
        "a5ced7fbfe81ca1d330fd3e02e506dea82c390b04357d7314b9f258662efbd1a",
        "portal.core.preview",
        "PreviewOnCreateWithErrors.get_form: that an empty slug is still replaced by a random one",
    ),
    Fork(
        "wagtail.admin.views.pages.create.CreateView.save_action",
        "wagtail",
        "06ec70b311ca828946ad0b333950070df30d8d15574eaaa916833ed97b627ddd",
        "portal.core.autosave",
        "continue_autosaved_draft: the JSON answer it imitates (url, hydrate_url) and after_create_page's place",
    ),
    Fork(
        "wagtail.admin.views.pages.create.CreateView.dispatch",
        "wagtail",
        "94fc38462b8890e383a0759468ad40c276940f1385b42e274983a45c0dae3009",
        "portal.core.autosave",
        "that before_create_page still runs before the form is read, with (request, parent_page, page_class)",
    ),
    Fork(
        "wagtail.admin.views.pages.edit.EditView.save_action",
        "wagtail",
        "2eb308bcf8ecc376e1263cd1801916aa345e536d01f9271752b478d7516f7176",
        "portal.core.autosave",
        "continue_autosaved_draft: that EditView saves a create form's POST into the page and answers as it expects",
    ),
    Fork(
        "wagtail.admin.views.pages.edit.EditView.post",
        "wagtail",
        "2df9d3a0b968b76ae9bd7de67e359fb7a8e2b0a859ecdc2c1479795fc27b7b1c",
        "portal.core.autosave",
        "posted_over_the_drafts_rows: that the form is still built from request.POST with the latest revision as "
        "instance, the form whose formsets name the draft's rows",
    ),
    # Stable block ids: internals of StreamValue and the read and save paths (portal/core/block_ids.py)
    Fork(
        "django.db.models.base.Model.from_db",
        "Django",
        "eba347895d11fa79360f63faaf121f62a8d9e10888ccff9a0441c535b2823295",
        "portal.core.block_ids",
        "StableBlockIdsMixin.from_db: that the instance it returns holds the StreamField values from_db_value made",
    ),
    Fork(
        "wagtail.fields.StreamField.from_db_value",
        "wagtail",
        "f72ff799813e889bbcf97270a92f00b95350b30dbdd5045901c9f08e46bf5260",
        "portal.core.block_ids",
        "give_stable_block_ids: that a value read from the database is still a lazy StreamValue of the stored dicts",
    ),
    Fork(
        "wagtail.fields.StreamField.get_prep_value",
        "wagtail",
        "3452289520b14babcc73abeafb4e7bf5535d5ade17cfbf3389a81cb44b41bafb",
        "portal.core.block_ids",
        "give_ids_before_save: that saving still goes through the StreamBlock's and the StreamValue's get_prep_value",
    ),
    Fork(
        "wagtail.blocks.stream_block.BaseStreamBlock.to_python",
        "wagtail",
        "9a8055474875aece345f56196c38a59d64f4f27a173824740113234d87438711",
        "portal.core.block_ids",
        "give_stable_block_ids: that stored JSON becomes a StreamValue with is_lazy=True holding the same dicts",
    ),
    Fork(
        "wagtail.blocks.stream_block.BaseStreamBlock.get_prep_value",
        "wagtail",
        "c4a0644945935d14ab565572dbcc9d65f1cfb6c313c9072dc0f8368f1a4a99cd",
        "portal.core.block_ids",
        "give_ids_before_save: that the StreamBlock still delegates to StreamValue.get_prep_value",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamValue.__init__",
        "wagtail",
        "ec8c3af59beaf1b583ade4da48aa2c6ed27ce1b6214b4feacc8d0b8bbdacf0a7",
        "portal.core.block_ids",
        "give_stable_block_ids: the is_lazy attribute, and that a lazy value keeps the raw list it was given",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamValue.RawDataView",
        "wagtail",
        "abc3b8a1d1c942a7ca6b16bf7a2958732138d4f8f56304adba4fc3ce700aff3d",
        "portal.core.block_ids",
        "give_stable_block_ids: that raw_data[i] is still the stored dict itself, so ids written into it are kept",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamValue._prefetch_blocks",
        "wagtail",
        "4ad219dfd38228891689b7331ee87af66fdddc7d6b46797a3374a64e0f71c2ec",
        "portal.core.block_ids",
        "fill_missing_ids: that a block read later still takes its id from the raw dict",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamValue.get_prep_value",
        "wagtail",
        "69dddbee3846d13b230387a3869de1ac532219c744eb3c7c7424d29aab727949",
        "portal.core.block_ids",
        "fill_missing_ids: that a block never read is still saved from its raw dict as it is (with the id given "
        "here), and only a block without id gets a random one",
    ),
    Fork(
        "wagtail.blocks.list_block.ListBlock._item_is_in_block_format",
        "wagtail",
        "9fdab52fc698784386a2e80753b89ba102996ba09f60df4832937a79e3057a9d",
        "portal.core.block_ids",
        "fill_missing_ids: the list item format it writes ({'type': 'item', 'value': ..., 'id': ...})",
    ),
    Fork(
        "wagtail.models.Page.with_content_json",
        "wagtail",
        "dbd407eb32b136d6d0ffc640784ed59e02c5a566c0ebf8926a1650f61d3176ba",
        "portal.core.block_ids",
        "StableBlockIdsMixin.from_serializable_data: that a page revision is still read through from_serializable_data",
    ),
    Fork(
        "wagtail.models.RevisionMixin.with_content_json",
        "wagtail",
        "b4e6400914e91bd936ec8051f7ec324a4e2e4e292436cd95a110f31200b0c6f7",
        "portal.core.block_ids",
        "StableBlockIdsMixin.from_serializable_data: that a snippet revision is still read through "
        "from_serializable_data",
    ),
    Fork(
        "wagtail.models.RevisionMixin.from_serializable_data",
        "wagtail",
        "5cbf0efc39d74d96016f6a96becf03e8036b2884338c31f5d729e40c3a3b7bfc",
        "portal.core.block_ids",
        "StableBlockIdsMixin.from_serializable_data: its signature and that it returns the instance",
    ),
    # Generated content written in bulk (portal/content/bulk.py): what upstream writes, reproduced
    Fork(
        "wagtail.models.Page.save_revision",
        "wagtail",
        "b7c0abb554a6b6c6e5f970419ba1b595858e015eccfb847dc23b4b479041855b",
        "portal.content.bulk",
        "BulkPageWriter.write and chinese_pages: the revision's fields and what the page records of it",
    ),
    Fork(
        "wagtail.actions.publish_revision.PublishRevisionAction._publish_revision",
        "wagtail",
        "610b084ff8ef252fd805085ca130e046daf2934058df8c4cc8989a1aa10f98c4",
        "portal.content.bulk",
        "BulkPageWriter.write and chinese_pages: the fields a publication sets and the log entry",
    ),
    Fork(
        "wagtail.actions.copy_page.CopyPageAction._copy_page",
        "wagtail",
        "c5068cbb8916a116ab8ec2c704bc751995bed3ec003b3152f2989d5c928c29c2",
        "portal.content.bulk",
        "BulkPageWriter.copy_for_translation and chinese_pages: the copy's attributes, first revision and log entries",
    ),
    Fork(
        "wagtail.models.copying._copy",
        "wagtail",
        "d1d0c872869f57de630c30a9477aab073dcbd95894dfb353bce3002fd5990cac",
        "portal.content.bulk",
        "BulkPageWriter.copy_for_translation calls it: its signature and return value",
    ),
    Fork(
        "wagtail.models.ReferenceIndex.create_or_update_for_object",
        "wagtail",
        "58e9352db7ed8907a711d87c48ae029b16a996702d4f7310e28893c76c197b32",
        "portal.content.bulk",
        "BulkPageWriter.index_references: the rows it makes for an object with none recorded",
    ),
    Fork(
        "wagtail_localize.models.TranslationSource.refresh_segments",
        "wagtail-localize",
        "7ff37186de01fbb0fa54a9411ca9592d1b8533e3bbf0dfe001f958d897dd1d4d",
        "portal.content.bulk",
        "BulkPageWriter.translation_sources: the segment and context rows",
    ),
    Fork(
        "wagtail_localize.models.TranslationContext.get_field_path",
        "wagtail-localize",
        "1b902e690f67459eac4d470f0e3ef28356ccded89299495b04230b45146befbb",
        "portal.content.bulk",
        "BulkPageWriter.translation_sources calls it, save stood in for: that it only computes and saves field_path",
    ),
    Fork(
        "wagtail_localize.models.Translation.import_po",
        "wagtail-localize",
        "d06f3927b1ee01dcd0a0ada844c9c3959122d8cfafd8951febf0fd876e8d058a",
        "portal.content.bulk",
        "BulkPageWriter.string_translations: the StringTranslation rows",
    ),
    Fork(
        "wagtail_localize.models.TranslationSource.create_or_update_translation",
        "wagtail-localize",
        "4c68c20a8ba2648b4135a0837802e66f1537a748321fc1af66eef86e159b3a01",
        "portal.content.bulk",
        "BulkPageWriter.chinese_pages: the steps from the copy to the published translation, the TranslationLog",
    ),
    # Query budgets: the furniture every page shares, in a constant number of queries (docs/performance.md)
    Fork(
        "wagtail.models.pages.Page.route_for_request",
        "wagtail",
        "5530d229b2de42ba70c8da4915f9e12711cde44c4b89e673d5c1cb2a71406396",
        "portal.core.routing",
        "route_for_request: the Site, the root in the active language, Http404 as None, the request attribute",
    ),
    Fork(
        "wagtail.models.pages.Page.route",
        "wagtail",
        "e4f1bbea2f5f0b92394de01bedc84dd759f4c6cfa775914ddff66c79874b0e83",
        "portal.core.routing",
        "route: the child by slug, _cached_parent_obj, the live check of the last page only, Http404",
    ),
    Fork(
        "wagtail.contrib.routable_page.models.RoutablePageMixin.route",
        "wagtail",
        "34175f2079a3b1a4d8685bd730cc88beffa990217d64fc034112a752db710586",
        "portal.core.routing",
        "_own_route: sub-routes first while live, the path given to the resolver, routable_resolver_match, the args",
    ),
    Fork(
        "wagtail.views.serve",
        "wagtail",
        "eab2a9d475a3384347f8dd3a62e522b635298d6990adf6e3fbbdd302bfa8d62b",
        "portal.core.routing",
        "that the page view still routes through Page.route_for_request",
    ),
    Fork(
        "wagtail.models.i18n.TranslatableMixin.localized.fget",
        "wagtail",
        "93cc906a2f56f4e6d7afa2ec2f8c043d11d5dfc376f464cecc2bfebbfd74e7ca",
        "portal.core.routing",
        "route and portal.core.rich_text: the translation in the active language when live, else the page itself",
    ),
    Fork(
        "wagtail.models.sites.Site.find_for_request",
        "wagtail",
        "4edb710b9fd353a02aade1455f832a6e19afa78e4de80d0feb0d5a161e10aba5",
        "portal.core.routing",
        "find_site_for_request: None without a request, request._wagtail_site",
    ),
    Fork(
        "wagtail.models.sites.Site._find_for_request",
        "wagtail",
        "a6f5ba5a68b3a8dd8ea64356e576880e421d7afd7e9d7376ccf74fa1eb10fca8",
        "portal.core.routing",
        "site_roots: what the Site depends on (the raw host name and the port), which keys the shared value",
    ),
    Fork(
        "wagtail.models.pages.Page.get_view_restrictions",
        "wagtail",
        "f41021bde7cdda11d832d32e9e28cdb92f197ddac050218ff8c748e65a888c05",
        "portal.core.routing",
        "_restricting_page_ids: the page and its ancestors, an alias replaced by its source",
    ),
    Fork(
        "wagtail.wagtail_hooks.check_view_restrictions",
        "wagtail",
        "8b1087719a946338226e27cdcd2595a153dcce0ff3613046c17fcbc8bc2a52f4",
        "portal.core.routing",
        "that the page view still asks page.get_view_restrictions() of the page routed",
    ),
    Fork(
        "wagtail.models.i18n.LocaleManager.get_for_language",
        "wagtail",
        "18f837c7d750cfe4a7bfa7a903b7d4a039711155ab0bcba15bce4ce51ad0d396",
        "portal.translations.overrides.locales",
        "get_for_language: the supported variant of the language code, the exceptions",
    ),
    Fork(
        "wagtail.models.i18n.Locale.get_active",
        "wagtail",
        "099c144b1ba01289c15a264d15aa33ae3223d7b9a1842a6b45e2fd492751ad26",
        "portal.translations.overrides.locales",
        "that the active Locale is still found through LocaleManager.get_for_language",
    ),
    Fork(
        "django.db.models.fields.related_descriptors.ForwardManyToOneDescriptor.get_object",
        "Django",
        "de2821c02770755c72e56679b27d634934690948726e88ab444deb93f85c46c4",
        "portal.translations.overrides.locales",
        "CachedLocaleDescriptor.get_object: what it answers for an instance whose related object is not cached",
    ),
    Fork(
        "wagtail.query.PageQuerySet.private_q",
        "wagtail",
        "eb30b1c0017f13c2f7f385972ddefbe70a2c2818d648ce22a709c370ac519368",
        "portal.core.privacy",
        "private_q: one descendant_of_q(page, inclusive=True) per restricted page, none matched without one",
    ),
    Fork(
        "wagtail.rich_text.pages.PageLinkHandler.expand_db_attributes_many",
        "wagtail",
        "42f3e35dfa94699fcbd53c6082d8ef190c6e3a9021697a0d3911ead800cc4a24",
        "portal.core.rich_text",
        "PortalPageLinkHandler.expand_db_attributes_many: the tag of a page, of a missing page, page.localized.url",
    ),
    Fork(
        "wagtail.rich_text.pages.PageLinkHandler.get_many",
        "wagtail",
        "a6eeb65d523b9b4adbb0396e2ed2a70ad0e10dd7ab54eae2cfbf2fe5cb9a9f88",
        "portal.core.rich_text",
        "PortalPageLinkHandler.expand_db_attributes_many: which pages a batch of links reads",
    ),
    Fork(
        "wagtail.rich_text.RichText.__html__",
        "wagtail",
        "9f0117484897dd8516f7ecd08594a1e153dc1d2bbc59caaca525d779f754b5e9",
        "portal.core.rich_text",
        "the rich_text tag: that a RichText expands its links when rendered (inside links_of)",
    ),
    Fork(
        "wagtail.templatetags.wagtailcore_tags.richtext",
        "wagtail",
        "7217baf0c954b633c59020c7f0717e84b74d20fe79137f5f131ba629d6b72af4",
        "portal.core.rich_text",
        "the rich_text tag: what |richtext returns for a RichText, a str and None",
    ),
    Fork(
        "wagtail.contrib.search_promotions.models.Query.add_hit",
        "wagtail",
        "893643287730213a3203ace6abc3986165176af1463598c502c0e668b9b054be",
        "portal.search.results",
        "record_hit: that a hit is still one more on today's QueryDailyHits row and nothing else",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamBlock.get_searchable_content",
        "wagtail",
        "8747f259b4de039e22c38321b2268b9a2fe778610cddd6b8a9de1a3042513b48",
        "portal.search.fields",
        "stream_text: the children walked and search_index",
    ),
    Fork(
        "wagtail.blocks.struct_block.StructBlock.get_searchable_content",
        "wagtail",
        "212c25b7c1ee5ed0a4a793f8677d6f36b46dcc36456e7e8a58f39b1f1270a6a9",
        "portal.search.fields",
        "stream_text: the children walked, their defaults and search_index",
    ),
    Fork(
        "wagtail.blocks.list_block.ListBlock.get_searchable_content",
        "wagtail",
        "4817cb7de9365aed5d6ec1cf53bacb19c1e66b22a290debd1dcf460fb3a16a63",
        "portal.search.fields",
        "stream_text: the items walked (their stored form) and search_index",
    ),
    Fork(
        "wagtail.api.v2.views.PagesAPIViewSet.get_base_queryset",
        "wagtail",
        "2a621d7b3d4ec24e6a510c97866b7f8df703f9083bb40c01e5aa11e704ba938d",
        "portal.api.views",
        "PagesEndpoint.get_base_queryset: live pages, the restrictions left out, ?site=, the root and its translations",
    ),
    Fork(
        "wagtail.api.v2.views.BaseAPIViewSet.listing_view",
        "wagtail",
        "06556f172464f191fd1ef989c20b9762cdad31c0829a8d9b1fbb455ee807d5b5",
        "portal.api.views",
        "PagesEndpoint.paginate_queryset: that the page of results is still paginated, then serialized, in "
        "listing_view (prefetch_for_fields and page_links run in between)",
    ),
    Fork(
        "wagtail.api.v2.views.BaseAPIViewSet.detail_view",
        "wagtail",
        "32e15b1b82108b4bd595bce1046b9a81b0179f27e4d3b19ed4982cc880b3d1e7",
        "portal.api.views",
        "PagesEndpoint.detail_view: that the page is still read with get_object (read once, before it), then "
        "serialized with the view's serializer and context (prefetch_for_fields and page_links run before it)",
    ),
    Fork(
        "wagtail.blocks.stream_block.StreamValue._prefetch_blocks",
        "wagtail",
        "4ad219dfd38228891689b7331ee87af66fdddc7d6b46797a3374a64e0f71c2ec",
        "portal.api.serializers",
        "prefetch_stream_blocks: _raw_data, _bound_blocks, bulk_to_python and StreamChild(block, value, id=)",
    ),
    Fork(
        "wagtail.rich_text.pages.PageLinkHandler.expand_db_attributes_many",
        "wagtail",
        "42f3e35dfa94699fcbd53c6082d8ef190c6e3a9021697a0d3911ead800cc4a24",
        "portal.api.serializers",
        "PageLinks.page_hrefs: the tag of a page link (page.localized.url, escaped; <a> for a page gone)",
    ),
    Fork(
        "wagtail.models.i18n.TranslatableMixin.localized.fget",
        "wagtail",
        "93cc906a2f56f4e6d7afa2ec2f8c043d11d5dfc376f464cecc2bfebbfd74e7ca",
        "portal.api.serializers",
        "PageLinks.page_hrefs: a link shows the live translation in the active language, else the page itself",
    ),
    # Django: the Redis cache backend (portal/caching/backends.py)
    Fork(
        "django.core.cache.backends.redis.RedisCacheClient.get_client",
        "Django",
        "ba56fb39ace75b84f1c6abfdecb0e76ae2e507c9ad0014f2175b1b1e51b11e0f",
        "portal.caching.backends",
        "SharedClientRedisCacheClient.get_client: which pool serves a read or a write (_get_connection_pool_index, "
        "_get_connection_pool) and how the client is made from it (self._client(connection_pool=pool))",
    ),
    Fork(
        "django.core.cache.backends.redis.RedisCache.__init__",
        "Django",
        "40131bec6169f7fabfaebec788863364d123d7a6a13e9dc8de1a92bb00cd451f",
        "portal.caching.backends",
        "RedisCache.__init__: that the client class is still self._class, instantiated by _cache",
    ),
    Fork(
        "django.core.cache.backends.redis.RedisCacheClient",
        "Django",
        "5de49e5f7f9af97043f28bfd2746bc6effe7d03489d233210065ce1010dc2b5d",
        "portal.caching.backends",
        "DegradingRedisCacheClient: the data methods it wraps (add ... clear), their signatures and what an empty "
        "cache answers from each (its fallbacks); a new data method must be wrapped too",
    ),
    # django-storages: media on S3 while the bucket is unreachable (portal/operations/storage.py)
    Fork(
        "storages.backends.s3.S3Storage._open",
        "django-storages",
        "87fb59cc88287dc76df18197c3d75b055e7578c1f9492090c3bf4616b6b888b8",
        "portal.operations.storage",
        "S3Storage._open: the signature (name, mode), that the request for the object is made here (S3File's "
        "load), and which errors it lets through",
    ),
    # Wagtail's public routes and Django's CSRF failure view: the methods each URL takes (portal/edge/)
    Fork(
        "wagtail.urls",
        "wagtail",
        "83151a1d949cdd25fd36d92d4e41fe9600fefb9844305450a5c64ac29c1536f7",
        "portal.edge.methods",
        "VISITOR_FORMS: which of these routes take a visitor's POST (a new route, a renamed one, a view that now "
        "takes another method)",
    ),
    Fork(
        "wagtail.documents.urls",
        "wagtail",
        "3a6cc4eae51cefa23323bafccce7aa2b333d9192ec3f620195c577604155f311",
        "portal.edge.methods",
        "VISITOR_FORMS: which of the document routes take a visitor's POST",
    ),
    Fork(
        "django.views.csrf.csrf_failure",
        "Django",
        "49cd94903a2a38770f65bfa7e98ca3969e46548d161c75320413ad463d86fc5f",
        "portal.edge.views",
        "csrf_failure: the signature (request, reason=...), the 403 status, and what Django's page tells a visitor",
    ),
    # gunicorn's threaded worker: how long a request waited for a thread (portal/edge/workers.py, ADR 0024)
    Fork(
        "gunicorn.workers.gthread.ThreadWorker",
        "gunicorn",
        "2cde92a57d7bae10b6bf50f44da12012a6d28181dfa860bbbc10d77fac093a4f",
        "portal.edge.workers",
        "QueueTimedThreadWorker: that every connection reaches the thread pool through enqueue_req (accept, kept-alive "
        "and pending connections, finish_request's read-ahead), that handle runs in the pool thread and calls "
        "handle_request, which calls self.wsgi in that thread once per HTTP/1.x request",
    ),
    Fork(
        "gunicorn.workers.base.Worker.load_wsgi",
        "gunicorn",
        "18b02fc35e964f2b360c90e814e39db25de511c72ddadfa124aa84cbfb932777",
        "portal.edge.workers",
        "QueueTimedThreadWorker.load_wsgi: that the application is still self.wsgi, called as wsgi(environ, "
        "start_response)",
    ),
]

#: SHA-256 of ``describe(...)`` of Wagtail's own ``search_fields`` of the models whose declaration
#: ``portal.search.upstream_models`` replaces (Wagtail 7.4.4).
UPSTREAM_SEARCH_FIELDS_SHA256 = {
    "wagtailcore.Page": "53d17f75d382acb4e0e50ce6902ae4aa611d980409c910c588a0b09bf5a38b22",
    "wagtailimages.Image": "458e6aa492271b31e95396578276246d08906700c9c5332719bd0e9034d8b1eb",
    "wagtaildocs.Document": "8ccd4c974ba077769e48cb21600ff15d776013358b4f29851c44f21e7a1c6e7f",
}


def upstream_object(dotted):
    """Return the object at the dotted path ``dotted`` (a module, then attributes; or a module)."""
    parts = dotted.split(".")
    for length in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:length]))
        except ImportError:
            continue
        for name in parts[length:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def upstream_source(dotted):
    """Return the source of the object at ``dotted`` as ``inspect.getsource`` gives it.

    modelsearch's SQLite backend cannot be imported on PostgreSQL (it looks its FTS5 model up when imported:
    LookupError); such an object is read from its module's file instead (``source_from_file``).
    """
    try:
        return inspect.getsource(upstream_object(dotted))
    except LookupError:
        return source_from_file(dotted)


def source_from_file(dotted):
    """Return the source of the class or function at ``dotted`` from its module's file, without importing it.

    The same lines as ``inspect.getsource``: from the first decorator to the end of the block.
    """
    parts = dotted.split(".")
    for length in range(1, len(parts)):
        spec = importlib.util.find_spec(".".join(parts[:length]))
        if spec.submodule_search_locations is None:  # a module, not a package: the rest is its qualified name
            break
    source = Path(spec.origin).read_text()
    node = ast.parse(source)
    for name in parts[length:]:
        node = next(
            child
            for child in node.body
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and child.name == name
        )
    first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
    return "".join(inspect.getblock(source.splitlines(keepends=True)[first - 1 :]))


# ---------------------------------------------------------------------------- (c) versions


@pytest.mark.parametrize("distribution", sorted(WRITTEN_FOR))
def test_the_installed_version_is_the_one_the_overrides_were_written_for(distribution):
    installed = metadata.version(distribution)
    assert installed == WRITTEN_FOR[distribution], (
        f"{distribution} {installed} is installed; the overrides were written for {WRITTEN_FOR[distribution]}. "
        "Re-check every override of docs/upstream-overrides.md against the new version, then update WRITTEN_FOR "
        "and the recorded hashes in tests/portal/test_upstream_overrides.py."
    )


# ---------------------------------------------------------------------------- (b) upstream sources


@pytest.mark.parametrize("fork", FORKS, ids=[fork.upstream for fork in FORKS])
def test_the_upstream_source_is_the_one_that_was_replaced(fork):
    digest = hashlib.sha256(upstream_source(fork.upstream).encode()).hexdigest()
    assert digest == fork.sha256, (
        f"The source of {fork.upstream} is not the one of {fork.distribution} {fork.version} that "
        f"{fork.ours} replaces (sha256 {digest} instead of {fork.sha256}). "
        f"Read the upstream change and re-check {fork.ours}: {fork.recheck}. "
        "Then record the new hash and version here and in docs/upstream-overrides.md."
    )


@pytest.mark.parametrize(
    "dotted",
    [
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler.search",
        "modelsearch.backends.database.postgres.postgres.PostgresSearchResults",
        "modelsearch.backends.base.BaseSearchBackend._search",
        "wagtail.admin.views.generic.preview.PreviewOnEdit.get",
        "wagtail_localize.views.edit_translation.machine_translate",  # decorated
    ],
)
def test_the_source_read_from_a_file_is_the_one_inspect_gives(dotted):
    """``source_from_file`` (for modules that cannot be imported on this database) agrees with ``inspect``."""
    assert source_from_file(dotted) == inspect.getsource(upstream_object(dotted))


@pytest.mark.parametrize("fork", FORKS, ids=[fork.upstream for fork in FORKS])
def test_each_override_module_names_what_it_replaces_and_the_version(fork):
    """The module's docstring names the upstream object by its full dotted path (module, class, method)."""
    docstring = importlib.import_module(fork.ours).__doc__ or ""
    assert fork.upstream in docstring, f"{fork.ours}'s docstring does not name {fork.upstream} (the full dotted path)"
    assert fork.version in docstring, f"{fork.ours}'s docstring does not say {fork.distribution} {fork.version}"


@pytest.mark.parametrize("fork", FORKS, ids=[fork.upstream for fork in FORKS])
def test_the_overrides_doc_lists_each_tripwire(fork):
    """docs/upstream-overrides.md names each tripwire by its full id, ``...[<upstream object>]``."""
    doc = (Path(settings.BASE_DIR) / "docs" / "upstream-overrides.md").read_text()
    assert f"...[{fork.upstream}]" in doc, f"docs/upstream-overrides.md does not list the tripwire of {fork.upstream}"


def describe(search_fields):
    """Return ``search_fields`` as a str: each field's class, name, boost and options, RelatedFields nested."""
    parts = []
    for field in search_fields:
        if hasattr(field, "fields"):
            parts.append(f"{type(field).__name__}({field.field_name!r}, [{describe(field.fields)}])")
        else:
            parts.append(
                f"{type(field).__name__}({field.field_name!r}, {getattr(field, 'boost', None)!r}, {field.kwargs!r})"
            )
    return ", ".join(parts)


@pytest.mark.parametrize("label", sorted(UPSTREAM_SEARCH_FIELDS_SHA256))
def test_wagtails_search_fields_are_the_ones_that_were_replaced(label):
    model = next(model for model in UPSTREAM_SEARCH_FIELDS if model._meta.label == label)
    description = describe(UPSTREAM_SEARCH_FIELDS[model])
    digest = hashlib.sha256(description.encode()).hexdigest()
    assert digest == UPSTREAM_SEARCH_FIELDS_SHA256[label], (
        f"Wagtail's search_fields of {label} are not the ones of wagtail {WRITTEN_FOR['wagtail']} that "
        f"portal.search.upstream_models replaces with analysed ones: now {description}. "
        "Re-check that analysed_fields still converts each of them (tests/portal/search/test_search_fields.py), "
        "then record the new hash here and in docs/upstream-overrides.md."
    )


# ---------------------------------------------------------------------------- (a) the shadowed admin URLs


@pytest.mark.parametrize(
    ("name", "args", "view_class"),
    [
        ("wagtail_localize:submit_page_translation", [1], SubmitPageForDraftTranslationView),
        (
            "wagtail_localize:submit_snippet_translation",
            ["components", "city", "1"],
            SubmitSnippetForDraftTranslationView,
        ),
        ("wagtail_localize:update_translations", [1], SyncTranslationsView),
        ("wagtail_localize:machine_translate", [1], TranslateMissingStringsView),
        ("wagtail_localize:download_pofile", [1], DownloadPOFileView),
        ("wagtail_localize:upload_pofile", [1], UploadPOFileView),
    ],
)
def test_wagtail_localizes_admin_urls_resolve_to_the_portals_views(name, args, view_class):
    path = reverse(name, args=args)
    resolved = resolve(path).func.view_class
    assert resolved is view_class, (
        f"{path} ({name}) is served by {resolved.__module__}.{resolved.__qualname__}, not by the portal's "
        f"{view_class.__qualname__}: wagtail-localize's URLs or hook order changed. Re-check "
        "portal/translations/overrides/urls.py and the hook in portal/translations/wagtail_hooks.py."
    )


@pytest.mark.parametrize(
    ("name", "args", "view_class"),
    [
        ("wagtailadmin_pages:preview_on_edit", [1], PreviewOnEditWithErrors),
        ("wagtailadmin_pages:preview_on_add", ["events", "eventpage", 1], PreviewOnCreateWithErrors),
    ],
)
def test_wagtails_page_preview_urls_resolve_to_the_portals_views(name, args, view_class):
    path = reverse(name, args=args)
    resolved = resolve(path).func.view_class
    assert resolved is view_class, (
        f"{path} ({name}) is served by {resolved.__module__}.{resolved.__qualname__}, not by the portal's "
        f"{view_class.__qualname__}: Wagtail's page preview paths changed. Re-check portal/core/preview.py "
        "(urlpatterns) and its place in portal/urls.py."
    )


def test_the_translation_editors_notes_are_the_portals():
    """``overrides.comments.install`` replaced the method (its ``__wrapped__`` lets the tripwire read upstream's)."""
    from wagtail_localize.models import StringTranslation

    from portal.translations.overrides.comments import translated_comment

    assert StringTranslation.get_comment is translated_comment, (
        "StringTranslation.get_comment is not the portal's: is comments.install() still called by "
        "portal.translations.apps.TranslationsConfig.ready?"
    )


def test_the_translation_editors_permission_check_is_the_portals():
    """``overrides.edit_permission.install`` replaced the function the editor's endpoints call (snippets by locale)."""
    from wagtail_localize.views import edit_translation

    from portal.translations.overrides.edit_permission import user_can_edit_instance

    assert edit_translation.user_can_edit_instance is user_can_edit_instance, (
        "wagtail_localize.views.edit_translation.user_can_edit_instance is not the portal's: is "
        "edit_permission.install() still called by portal.translations.apps.TranslationsConfig.ready?"
    )


def test_wagtail_localizes_translate_buttons_are_the_portals():
    """``overrides.translate_buttons.install`` put the wrappers in place of upstream's hook functions."""
    from wagtail import hooks

    from portal.translations.overrides import translate_buttons

    for names, wrapper in (
        (translate_buttons.PAGE_HOOKS, translate_buttons.page_listing_more_buttons),
        (translate_buttons.SNIPPET_HOOKS, translate_buttons.snippet_listing_buttons),
    ):
        for name in names:
            registered = hooks.get_hooks(name)
            assert wrapper in registered and wrapper.__wrapped__ not in registered, (
                f"wagtail-localize's {wrapper.__wrapped__.__name__} is registered for {name}, not the portal's wrapper:"
                " is translate_buttons.install() still called by portal/translations/wagtail_hooks.py?"
            )


@pytest.mark.parametrize(
    ("owner", "name", "module"),
    [
        ("wagtail.models.Page", "route_for_request", "portal.core.routing"),
        ("wagtail.models.Page", "get_view_restrictions", "portal.core.routing"),
        ("wagtail.models.Site", "find_for_request", "portal.core.routing"),
        ("wagtail.query.PageQuerySet", "private_q", "portal.core.privacy"),
        ("wagtail.models.i18n.LocaleManager", "get_for_language", "portal.translations.overrides.locales"),
    ],
)
def test_the_query_saving_replacements_are_installed(owner, name, module):
    """``install()`` of each module put the portal's function in place (its ``__wrapped__`` is upstream's)."""
    replaced = getattr(upstream_object(owner), name)
    assert replaced.__module__ == module, (
        f"{owner}.{name} is not the portal's: is {module}.install() still called by its app's ready()?"
    )


def test_page_links_in_rich_text_and_page_locales_are_the_portals():
    """The ``page`` link type is the portal's handler, registered after Wagtail's; ``page.locale`` comes from memory."""
    from wagtail.models import Page
    from wagtail.rich_text import features

    from portal.core.rich_text import PortalPageLinkHandler
    from portal.translations.overrides.locales import CachedLocaleDescriptor

    assert features.get_link_types()["page"] is PortalPageLinkHandler, (
        "Rich text page links are not expanded by portal.core.rich_text: did the order of the "
        "register_rich_text_features hooks change (portal/core/wagtail_hooks.py)?"
    )
    assert isinstance(Page.__dict__["locale"], CachedLocaleDescriptor)
