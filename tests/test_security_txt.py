"""/.well-known/security.txt (RFC 9116), read with the sectxt validator."""

import datetime

from django.utils import timezone

from sectxt import Parser

from cope_site.models import SiteSettings


def fields_of(text):
    return dict(line.split(": ", 1) for line in text.splitlines())


def test_security_txt_is_valid_and_comes_from_site_settings(site_content, client):
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = "info@childrenofprisoners.eu"
    site_settings.security_contact_email = "security@childrenofprisoners.eu"
    site_settings.save()
    site = site_content.site
    site.hostname, site.port = "www.childrenofprisoners.eu", 443  # as in production
    site.save()
    url = "https://www.childrenofprisoners.eu/.well-known/security.txt"

    # A request under another host name still gets the Site's own address.
    response = client.get("/.well-known/security.txt", headers={"host": "other.example"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = Parser(response.content, urls=url)
    assert parser.is_valid(), parser.errors
    fields = fields_of(response.content.decode())
    assert fields["Contact"] == "mailto:security@childrenofprisoners.eu"
    assert fields["Canonical"] == url
    assert fields["Preferred-Languages"] == "en, fr"
    expires = datetime.datetime.fromisoformat(fields["Expires"])
    assert timezone.now() + datetime.timedelta(days=170) < expires
    assert expires < timezone.now() + datetime.timedelta(days=365), "RFC 9116: under a year"


def test_the_public_contact_address_stands_in_for_an_empty_security_contact(site_content, client):
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = "info@childrenofprisoners.eu"
    site_settings.save()
    text = client.get("/.well-known/security.txt").content.decode()
    assert fields_of(text)["Contact"] == "mailto:info@childrenofprisoners.eu"


def test_without_any_contact_address_there_is_no_security_txt(site_content, client):
    site_settings = SiteSettings.for_site(site_content.site)
    site_settings.contact_email = site_settings.security_contact_email = ""
    site_settings.save()
    assert client.get("/.well-known/security.txt").status_code == 404
