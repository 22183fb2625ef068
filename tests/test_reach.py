"""Reaching people beyond the page: the newsletter sign-up and donation addresses of
site settings (footer and call-to-action block) and the EU funding statement with its
emblem in every page's footer, in the reader's language."""

import re

from django.core.exceptions import ValidationError

import pytest

from cope_site.models import SiteSettings
from home.blocks import CallToActionBlock

NEWSLETTER = "https://newsletter.example.org/cope/subscribe"
DONATION = "https://donate.example.org/cope"


def footer(html):
    return html[html.index('<footer class="site-footer">') :]


def set_reach(site, newsletter=NEWSLETTER, donation=DONATION):
    settings = SiteSettings.for_site(site)
    settings.newsletter_url = newsletter
    settings.donation_url = donation
    settings.save()


@pytest.mark.parametrize(
    ("url", "statement", "disclaimer"),
    [
        ("/en/", "Co-funded by the European Union", "Views and opinions expressed"),
        ("/fr/", "Cofinancé par l&#x27;Union européenne", "Les points de vue et avis"),
        ("/fr/qui-sommes-nous/", "Cofinancé par l&#x27;Union européenne", "Ni l’Union"),
    ],
)
def test_every_page_shows_the_eu_emblem_and_the_funding_statement_in_its_language(
    site_content, client, url, statement, disclaimer
):
    html = footer(client.get(url).content.decode())
    funding = html[html.index('class="site-footer__funding"') :]
    emblem = re.search(r'<svg class="eu-emblem"[^>]*>(.*?)</svg>', funding, re.S)
    assert emblem, "no EU emblem"
    # Twelve gold stars on blue, drawn inline: nothing fetched.
    assert emblem.group(1).count("<polygon") == 12
    assert 'fill="#039"' in emblem.group(1) and 'fill="#fc0"' in emblem.group(1)
    assert 'aria-hidden="true"' in emblem.group(0)  # the sentence beside it says it
    assert f'<p class="site-footer__funding-statement">{statement}</p>' in funding
    # Nothing of the templates' own notes shows.
    assert "{#" not in html and "{% comment" not in html and "emblem (" not in html
    assert disclaimer.replace("’", "&#x27;") in funding or disclaimer in funding


def test_no_statement_no_emblem(site_content, client):
    texts = site_content.site.header_footer_texts.get(locale__language_code="en")
    texts.funding_statement = ""
    texts.save()
    html = client.get("/en/").content.decode()
    assert "eu-emblem" not in html and "site-footer__funding" not in html


def test_footer_links_to_the_newsletter_and_donation_pages_once_they_are_set(site_content, client):
    html = footer(client.get("/en/").content.decode())
    assert "newsletter" not in html.lower() and "Donate" not in html
    set_reach(site_content.site)
    html = footer(client.get("/en/").content.decode())
    assert f'<a href="{NEWSLETTER}">Subscribe to our newsletter</a>' in html
    assert f'<a href="{DONATION}">Donate to COPE</a>' in html
    french = footer(client.get("/fr/").content.decode())
    assert f'<a href="{NEWSLETTER}">Abonnez-vous à notre lettre d’information</a>' in french
    assert f'<a href="{DONATION}">Faire un don à COPE</a>' in french


def test_nothing_of_the_providers_is_loaded_on_our_pages(site_content, client):
    set_reach(site_content.site)
    html = client.get("/en/").content.decode()
    loaded = re.findall(r'<(?:script|img|iframe|link|source)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert not [url for url in loaded if "example.org" in url]


def call_to_action(destination, **link):
    block = CallToActionBlock()
    return block, block.to_python(
        {
            "heading": "Stay in touch",
            "text": "News from the network, once a month.",
            "destination": destination,
            "link": {"page": None, "url": "", "label": "", **link},
        }
    )


@pytest.mark.parametrize(
    ("destination", "label", "href", "text"),
    [
        ("newsletter", "", NEWSLETTER, "Subscribe to our newsletter"),
        ("newsletter", "Get the monthly letter", NEWSLETTER, "Get the monthly letter"),
        ("donation", "", DONATION, "Donate to COPE"),
    ],
)
def test_a_call_to_action_can_lead_to_the_newsletter_or_donations(
    site_content, client, destination, label, href, text
):
    set_reach(site_content.site)
    home = site_content.home
    home.body.append(("call_to_action", call_to_action(destination, label=label)[1]))
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert f'<a class="button" href="{href}">{text}</a>' in html


def test_a_call_to_action_to_an_unset_address_shows_no_broken_button(site_content, client):
    home = site_content.home
    home.body.append(("call_to_action", call_to_action("donation")[1]))
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    section = html[html.rindex('<section class="cta container">') :]
    section = section[: section.index("</section>")]
    assert "Stay in touch" in section and "<a " not in section


def test_a_call_to_action_to_the_page_or_address_below_needs_one():
    block, value = call_to_action("link")
    with pytest.raises(ValidationError):
        block.clean(value)
    block, value = call_to_action("newsletter")
    assert block.clean(value)["destination"] == "newsletter"
