"""Site-wide settings and the translatable footer text."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site

from portal.core.models import FooterText, SiteSettings
from tests.utils import EN, LANGUAGES, ZH, assert_localize_translation, pair, paragraph_links, plain_paragraph, soup_of


def footer_paragraphs(content):
    return [block["paragraph"] for block in content["footer"]["text"]]


@pytest.mark.django_db
def test_footer_text_is_a_wagtail_localize_translation(en_locale, zh_locale):
    english = FooterText.objects.get(locale=en_locale)
    chinese = FooterText.objects.get(locale=zh_locale)
    assert_localize_translation(english, chinese, zh_locale)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_shows_the_footer_text_in_its_language(client, content, language):
    for url in (f"/{language}/", f"/{language}/news/", f"/{language}/no-such-page/"):
        footer = soup_of(client.get(url)).find("footer")
        text = "".join(footer.select_one(".site-footer__text").get_text().split())
        for paragraph in footer_paragraphs(content):
            assert "".join(plain_paragraph(pair(paragraph, language)).split()) in text, url
        other = EN if language == ZH else ZH
        assert "".join(plain_paragraph(pair(footer_paragraphs(content)[0], other)).split()) not in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_footer_links_point_at_pages_in_the_same_language(client, content, language):
    footer = soup_of(client.get(f"/{language}/")).find("footer")
    hrefs = [a["href"] for a in footer.select(".site-footer__text a")]
    expected = [
        f"/{language}{path}"
        for paragraph in footer_paragraphs(content)
        for _text, path in paragraph_links(paragraph["en"])
    ]
    assert expected, "the footer content has no link to test"
    assert hrefs == expected


@pytest.mark.django_db
def test_site_settings_come_from_the_content_and_show_in_the_footer(client, content):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.programme_website == content["footer"]["programme_website"]
    footer = soup_of(client.get("/zh-hans/")).find("footer")
    assert content["footer"]["programme_website"] in [a["href"] for a in footer.find_all("a")]
    assert "mailto:" not in str(footer)  # no contact e-mail set yet

    site_settings.contact_email = "contact@example.org"
    site_settings.save()
    footer = soup_of(client.get("/zh-hans/")).find("footer")
    assert "mailto:contact@example.org" in [a["href"] for a in footer.find_all("a")]
    assert "联系方式" in footer.get_text()


@pytest.mark.django_db
def test_editor_can_change_site_settings_and_footer_in_the_admin(client, zh_locale):
    admin = get_user_model().objects.create_superuser("site-editor", "site-editor@example.org", "pw")
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/portal/sitesettings/{site.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"/admin/settings/portal/sitesettings/{site.pk}/",
        {"contact_email": "team@example.org", "programme_website": "https://www.iuc-asia.eu/"},
    )
    assert response.status_code == 302
    assert SiteSettings.for_site(site).contact_email == "team@example.org"

    chinese = FooterText.objects.get(locale=zh_locale)
    assert client.get("/admin/snippets/portal/footertext/").status_code == 200
    assert client.get(f"/admin/snippets/portal/footertext/edit/{chinese.pk}/").status_code == 200
