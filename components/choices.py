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


#: The time zone of each country that has one (IANA names). The EU's member states have their own
#: (``MEMBER_STATE_TIME_ZONES``). Indonesia has three: Asia/Jakarta (western Indonesia: Sumatra, Java,
#: western and central Kalimantan) is the default, and a city elsewhere (Bali and Sulawesi: Asia/Makassar;
#: Maluku and Papua: Asia/Jayapura) says so in its own ``time_zone``. Malaysia's Sabah and Sarawak keep
#: the same offset as Kuala Lumpur.
COUNTRY_TIME_ZONES = {
    Country.CHINA: "Asia/Shanghai",
    Country.HONG_KONG: "Asia/Hong_Kong",
    Country.INDONESIA: "Asia/Jakarta",
    Country.MALAYSIA: "Asia/Kuala_Lumpur",
    Country.SINGAPORE: "Asia/Singapore",
    Country.REPUBLIC_OF_KOREA: "Asia/Seoul",
    Country.VIETNAM: "Asia/Ho_Chi_Minh",
}

#: The time zone of each EU member state (and of the United Kingdom, a member until 2020), by its
#: English name as cities give it in ``member_state``. Spain and Portugal are those of their
#: mainland (the Canary Islands and the Azores have their own).
MEMBER_STATE_TIME_ZONES = {
    "Austria": "Europe/Vienna",
    "Belgium": "Europe/Brussels",
    "Bulgaria": "Europe/Sofia",
    "Croatia": "Europe/Zagreb",
    "Cyprus": "Asia/Nicosia",
    "Czech Republic": "Europe/Prague",
    "Czechia": "Europe/Prague",
    "Denmark": "Europe/Copenhagen",
    "Estonia": "Europe/Tallinn",
    "Finland": "Europe/Helsinki",
    "France": "Europe/Paris",
    "Germany": "Europe/Berlin",
    "Greece": "Europe/Athens",
    "Hungary": "Europe/Budapest",
    "Ireland": "Europe/Dublin",
    "Italy": "Europe/Rome",
    "Latvia": "Europe/Riga",
    "Lithuania": "Europe/Vilnius",
    "Luxembourg": "Europe/Luxembourg",
    "Malta": "Europe/Malta",
    "Netherlands": "Europe/Amsterdam",
    "Poland": "Europe/Warsaw",
    "Portugal": "Europe/Lisbon",
    "Romania": "Europe/Bucharest",
    "Slovakia": "Europe/Bratislava",
    "Slovenia": "Europe/Ljubljana",
    "Spain": "Europe/Madrid",
    "Sweden": "Europe/Stockholm",
    "United Kingdom": "Europe/London",
}


def country_time_zone(country, member_state=""):
    """Return the IANA zone of ``country`` (a Country value), or of its ``member_state`` (English name) in the EU.

    "" when neither tells it.
    """
    if country == Country.EU_MEMBER_STATES:
        return MEMBER_STATE_TIME_ZONES.get((member_state or "").strip(), "")
    return COUNTRY_TIME_ZONES.get(country, "")
