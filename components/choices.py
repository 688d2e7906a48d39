"""The programme's fixed lists: countries and components."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    """The places the programme covers; the value is also the country page's slug."""

    EU_MEMBER_STATES = "eu-member-states", _("EU Member States")
    CHINA = "china", _("China")
    HONG_KONG = "hong-kong", _("Hong Kong")
    INDONESIA = "indonesia", _("Indonesia")
    MALAYSIA = "malaysia", _("Malaysia")
    SINGAPORE = "singapore", _("Singapore")
    REPUBLIC_OF_KOREA = "republic-of-korea", _("Republic of Korea")
    VIETNAM = "vietnam", _("Vietnam")


class ComponentNumber(models.TextChoices):
    """The programme's two components, numbered as the programme numbers them."""

    ONE = "I", _("I. City-to-city cooperation")
    TWO = "II", _("II. Global Covenant of Mayors")
