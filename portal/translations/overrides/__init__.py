"""The portal's replacements of wagtail-localize internals, one module per replaced upstream object.

Written for wagtail-localize 1.14.5 (Wagtail 7.4.4, Django 5.2.19). Each module's docstring names
what it replaces and why; ``tests/portal/test_upstream_overrides.py`` fails when an upgrade changes
the upstream source of any of them, and ``docs/upstream-overrides.md`` says what to re-check.

- ``translation_creator``: ``wagtail_localize.operations.TranslationCreator.create_translations`` and
  ``translate_page_subtree`` — new translations are drafts; existing translations are left alone.
- ``submit_views``: ``SubmitTranslationView.form_valid`` (pages and snippets) — submits through
  ``translation_creator``; the user stays on the English object unless they may edit the translation; the
  form names the languages in the admin's language and pre-selects the only one.
- ``sync_view``: ``UpdateTranslationsView.form_valid`` — "publish" publishes complete translations only.
- ``memory_view``: ``wagtail_localize.views.edit_translation.machine_translate`` — the editor's button fills from
  the translation memory first, then from the machine translation service, each string labelled by its origin.
- ``po_files``: ``wagtail_localize.views.edit_translation.download_pofile`` and ``upload_pofile`` — the editor's
  PO files carry the memory's suggestions as fuzzy entries; an upload skips fuzzy entries and accepts a kept
  suggestion.
- ``deepl``: ``wagtail_localize.machine_translators.deepl.DeepLTranslator.translate`` — a DeepL error raises
  ``requests.HTTPError``; ``portal.translations.machine_translation.DeepLTranslator`` extends it.
- ``comments``: ``wagtail_localize.models.StringTranslation.get_comment`` (patched by ``install``) — the editor's
  "Translated with ... on ..." names the portal's tools and the date in the admin's language.
- ``strings``: ``wagtail_localize.models.String._get_data_hash`` (private), wrapped for the PO exchange.
- ``edit_permission``: ``wagtail_localize.views.edit_translation.user_can_edit_instance`` (patched by ``install``) —
  the translation editor's endpoints check a snippet's locale, not only its model.
- ``translate_buttons``: ``wagtail_localize.wagtail_hooks.page_listing_more_buttons`` and
  ``register_snippet_listing_buttons`` (wrapped in the hook registry by ``install``) — *Translate* shows only while a
  language a person translates into is missing (not when only Traditional Chinese is).
- ``urls``: the admin URLs that serve these views in place of wagtail-localize's (registered by
  ``portal/translations/wagtail_hooks.py``).
"""
