"""Models of the translation workflow: the Traditional Chinese overrides (``portal.translations.traditional``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail_localize.models import StringTranslation


class TraditionalOverride(models.Model):
    """A Traditional Chinese string a person wrote in the translation editor, which conversion never overwrites.

    ``simplified`` is the Simplified text (wagtail-localize ``StringTranslation.data``) it was written against;
    ``needs_review`` is set when a later conversion finds the Simplified text changed, and cleared when someone
    saves the string again or confirms it. Deleting the string translation deletes this row.
    """

    string_translation = models.OneToOneField(
        StringTranslation, on_delete=models.CASCADE, related_name="traditional_override"
    )
    simplified = models.TextField(_("Simplified text"), blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Traditional Chinese override")
        verbose_name_plural = _("Traditional Chinese overrides")

    def __str__(self) -> str:
        return self.string_translation.data
