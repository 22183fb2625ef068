"""The site in English and French: addresses by language and the redirects to them."""

import pytest


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    ("accept_language", "home"),
    [
        ("fr-BE,fr;q=0.9,en;q=0.8", "/fr/"),
        ("fr", "/fr/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("de-DE,de;q=0.9,fr;q=0.5", "/fr/"),  # no German: the next one they read
        ("de-DE,de;q=0.9", "/en/"),  # nothing they read: English
        ("", "/en/"),
    ],
)
def test_the_root_sends_a_first_visitor_to_the_language_their_browser_prefers(
    site_content, client, accept_language, home
):
    response = client.get("/", headers={"accept-language": accept_language})
    assert (response.status_code, response["Location"]) == (302, home)
    # Another visitor's browser prefers another language: no cache may share this one.
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)
    assert "accept-language" in response["Vary"].lower()
    assert client.get(home).status_code == 200


def test_old_english_addresses_redirect_permanently_to_their_english_page(site_content, client):
    article = site_content.articles[0]
    old = article.url.removeprefix("/en")
    for path, target in [
        ("/news/", "/en/news/"),
        ("/news/?kind=policy&page=1", "/en/news/?kind=policy&page=1"),
        (old, article.url),
        (old.rstrip("/"), article.url),  # the slash added as before
        ("/who-we-are/", "/en/who-we-are/"),
        ("/webinars/", "/en/webinars/"),
        ("/search/?q=prison", "/en/search/?q=prison"),
    ]:
        # Whatever the browser prefers: these were English pages.
        response = client.get(path, headers={"accept-language": "fr"})
        assert (response.status_code, response["Location"]) == (301, target), path
        assert "public" in cache_control(response), "the same for everyone: the edge keeps it"
        assert client.get(target).status_code == 200, target


def test_an_old_address_of_no_page_ends_on_the_english_not_found_page(site_content, client):
    response = client.get("/no-such-page/", follow=True)
    assert response.redirect_chain == [("/en/no-such-page/", 301)]
    assert response.status_code == 404


def test_addresses_that_never_had_a_language_stay_where_they_are(site_content, client):
    for path in ["/sitemap.xml", "/robots.txt", "/healthz/"]:
        assert client.get(path).status_code == 200, path
    # A view outside the languages that answers 404 itself is not sent to /en/: a manage
    # link that is no longer valid, security.txt without a contact address.
    assert client.get("/registrations/not-a-token/").status_code == 404
    assert client.get("/.well-known/security.txt").status_code == 404
    assert client.get("/django-admin/").status_code == 404


def test_an_unprefixed_answer_is_the_same_whatever_the_browser_prefers(site_content, client):
    """The edge shares unprefixed answers (the 404 of an unknown address, the sitemap)
    without varying on Accept-Language, so they never follow the browser's language."""
    english = client.get("/%FF/", headers={"accept-language": "en"})
    french = client.get("/%FF/", headers={"accept-language": "fr"})
    assert english.status_code == french.status_code == 404
    assert english.content == french.content
    assert "accept-language" not in french.get("Vary", "").lower()


def test_each_language_has_its_locale_for_editors(db):
    from django.conf import settings

    from wagtail.models import Locale

    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES} == {"en", "fr"}


FRENCH_PAGES = {
    "/fr/": "Avec les mots des enfants",
    "/fr/qui-sommes-nous/": "Que chaque enfant se voie garantir",
    "/fr/droits-de-l-enfant/": "Convention des Nations unies",
    "/fr/actualites/": "Actualités, contributions aux politiques publiques",
    "/fr/actualites/game-with-mum-and-dad/": "Les prisons ne sont généralement pas conçues",
    "/fr/webinaires/": "Les webinaires et événements de COPE",
    "/fr/webinaires/solutions-collaboratives/": "COPE vous invite à un prochain webinaire",
    "/fr/confidentialite/": "Nous effaçons les données personnelles",
    "/fr/contact/": "Des questions sur notre travail",
    "/fr/devenir-membre/": "Nom de l'organisation",
}


@pytest.mark.parametrize(("url", "words"), FRENCH_PAGES.items())
def test_each_page_type_answers_in_french_at_its_french_address(site_content, client, url, words):
    from html import unescape

    response = client.get(url)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert words in html
    assert "Qui sommes-nous" in html  # the navigation follows the language
    assert '<meta property="og:locale" content="fr_FR">' in html


def test_switcher_and_hreflang_link_the_english_and_french_pages(site_content, client):
    about = site_content.about
    french = site_content.fr.about
    html = client.get(french.url).content.decode()
    root = site_content.site.root_url
    assert f'<link rel="alternate" hreflang="en" href="{root}{about.url}">' in html
    assert f'<link rel="alternate" hreflang="fr" href="{root}{french.url}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{root}{about.url}">' in html
    assert f'<a href="{about.url}" lang="en" hreflang="en">English</a>' in html
    assert (
        f'<a href="{french.url}" lang="fr" hreflang="fr" aria-current="true">Français</a>' in html
    )
    english = client.get(about.url).content.decode()
    assert f'<a href="{french.url}" lang="fr" hreflang="fr">Français</a>' in english


def test_an_untranslated_page_says_so_in_the_language_chosen(site_content, client):
    from tests.conftest import add_article

    article = add_article(site_content.news_index, "Only in English", intro="Not yet.")
    html = client.get(article.url).content.decode()
    untranslated = f"/fr/_not-translated/{article.pk}/"
    assert f'<a href="{untranslated}" lang="fr" hreflang="fr">Français</a>' in html
    assert 'hreflang="fr" href=' not in html  # no alternate for a translation that is not there
    response = client.get(untranslated)
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in text and 'content="noindex"' in text
    assert article.url in text and 'href="/fr/"' in text


def result_links(client, url):
    """The addresses of the search results listed on a results page."""
    import re

    html = client.get(url).content.decode()
    if '<ol class="search-results">' not in html:
        return set()
    results = html.split('<ol class="search-results">', 1)[1].split("</ol>", 1)[0]
    return set(re.findall(r'<a href="(/(?:en|fr)/[^"?#]*)"', results))


def test_a_search_in_french_finds_french_pages_only(site_content, client):
    # "COPE" is in both languages' pages: each search keeps to its own.
    french = result_links(client, "/fr/search/?q=COPE")
    english = result_links(client, "/en/search/?q=COPE")
    assert french and all(address.startswith("/fr/") for address in french)
    assert english and all(address.startswith("/en/") for address in english)
    # The French 'Who we are' is found by its French words (its mission).
    assert site_content.fr.about.url in result_links(client, "/fr/search/?q=inclusion")
    # A French word finds the French article and nothing in English.
    assert "/fr/actualites/game-with-mum-and-dad/" in result_links(client, "/fr/search/?q=prisons")
    assert result_links(client, "/en/search/?q=conçues") == set()


def test_the_french_news_feeds_are_french(site_content, client):
    from lxml import etree

    rss = etree.fromstring(client.get("/fr/actualites/feed/rss/").content)
    assert rss.findtext("channel/language") == "fr"
    assert rss.findtext("channel/title") == "Children of Prisoners Europe\u00a0: actualités"
    links = [item.findtext("link") for item in rss.findall("channel/item")]
    assert links and all(link.startswith("http://testserver/fr/actualites/") for link in links)
    atom = etree.fromstring(client.get("/fr/actualites/feed/atom/").content)
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    english = etree.fromstring(client.get("/en/news/feed/rss/").content)
    assert english.findtext("channel/language") == "en"


def test_french_dates_on_the_french_event_page(site_content, client):
    import datetime
    import zoneinfo

    from tests.events.conftest import get_event_index
    from tests.localize import make_bilingual_event

    start = datetime.datetime(2027, 4, 1, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
    english, french = make_bilingual_event(
        get_event_index(site_content.home),
        start=start,
        end=start + datetime.timedelta(minutes=90),
        registration_opens=None,
        registration_closes=None,
    )
    html = client.get(french.url).content.decode()
    assert "jeudi 1er avril 2027, 14 h 00</time>–<time" in html
    assert ">15 h 30</time>" in html
    assert "Thursday 1 April 2027, 14:00" in client.get(english.url).content.decode()


def page_text(client, url):
    """What a reader reads on the page: its text without the markup."""
    import re
    from html import unescape

    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def move_the_webinar(day, hour):
    """The starting webinar (both its pages: times are the event's) on `day` at `hour`
    in Brussels, for 90 minutes."""
    import datetime
    import zoneinfo

    from events.models import EventPage

    start = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo("Europe/Brussels")
    )
    EventPage.objects.update(start=start, end=start + datetime.timedelta(minutes=90))


@pytest.mark.parametrize(
    ("day", "hour", "english", "french"),
    [
        (
            "2026-12-31",
            14,
            "Thursday 31 December 2026, 14:00–15:30",
            "jeudi 31 décembre 2026, 14 h 00–15 h 30",
        ),
        (
            "2027-06-01",
            9,
            "Tuesday 1 June 2027, 09:00–10:30",
            "mardi 1er juin 2027, 9 h 00–10 h 30",
        ),
    ],
)
def test_event_dates_are_written_the_way_each_language_writes_them(
    site_content, client, day, hour, english, french
):
    import datetime

    move_the_webinar(datetime.date.fromisoformat(day), hour)
    assert english in page_text(client, "/en/webinars/collaborative-solutions/")
    french_text = page_text(client, "/fr/webinaires/solutions-collaboratives/")
    assert french in french_text
    assert english not in french_text


def test_article_dates_on_the_first_of_the_month_read_1er_in_french(site_content, client):
    import datetime

    from news.models import NewsPage

    article = site_content.articles[0]
    NewsPage.objects.filter(translation_key=article.translation_key).update(
        date=datetime.date(2026, 12, 1)
    )
    french = article.get_translation(site_content.fr.home.locale)
    assert "1er décembre 2026" in page_text(client, french.url)
    assert "1er décembre 2026" in page_text(client, site_content.fr.news_index.url)
    assert "1 December 2026" in page_text(client, article.url)


ENGLISH_TAGLINE = "A pan-European network working with and on behalf of children"
FRENCH_TAGLINE = "Un réseau paneuropéen qui agit avec et pour les enfants de parents détenus."


def test_the_header_and_footer_read_in_the_page_language(site_content, client):
    french = page_text(client, site_content.fr.about.url)
    assert FRENCH_TAGLINE in french and ENGLISH_TAGLINE not in french
    assert "Actualités" in french and "Webinaires" in french  # navigation: French titles
    english = page_text(client, site_content.about.url)
    assert ENGLISH_TAGLINE in english and FRENCH_TAGLINE not in english


def test_an_editor_written_label_is_read_in_its_translation(site_content, client):
    from cope_site.models import HeaderFooterTexts
    from home.initial_content import content_translations, load_content_data, translate_object

    english = HeaderFooterTexts.objects.get(locale__language_code="en")
    HeaderFooterTexts.objects.filter(locale__language_code="fr").delete()
    english.footer_navigation = [
        {"type": "link", "value": {"page": None, "url": "https://example.org/", "label": "Donate"}},
        *english.footer_navigation.raw_data,
    ]
    english.save()
    # Until it is translated, French readers get the default language's words.
    assert "Donate" in page_text(client, site_content.fr.about.url)
    assert ENGLISH_TAGLINE in page_text(client, site_content.fr.about.url)

    translate_object(
        english,
        site_content.fr.home.locale,
        {
            # The rest of the texts as the initial content translates them.
            **content_translations(load_content_data(), load_content_data("fr")),
            "Donate": "Faire un don",
            english.tagline: FRENCH_TAGLINE,
        },
    )
    french = page_text(client, site_content.fr.about.url)
    assert "Faire un don" in french and "Donate" not in french
    assert FRENCH_TAGLINE in french
    assert "Donate" in page_text(client, site_content.about.url)


def test_the_header_and_footer_texts_are_translated_in_the_admin(site_content, admin_client):
    from cope_site.models import HeaderFooterTexts

    english = HeaderFooterTexts.objects.get(locale__language_code="en")
    french = HeaderFooterTexts.objects.get(locale__language_code="fr")
    assert french.translation_key == english.translation_key
    assert french.tagline == FRENCH_TAGLINE
    edit = admin_client.get(f"/admin/snippets/cope_site/headerfootertexts/edit/{french.pk}/")
    # wagtail-localize's translation editor, not a second copy to keep in step by hand.
    assert edit.status_code == 200
    assert 'class="js-translation-editor"' in edit.content.decode()


def test_loading_the_initial_content_again_keeps_one_copy_per_language(site_content):
    from cope_site.models import HeaderFooterTexts
    from home.initial_content import load_initial_content

    assert load_initial_content() == []
    assert sorted(HeaderFooterTexts.objects.values_list("locale__language_code", flat=True)) == [
        "en",
        "fr",
    ]


# For the French server error page: a view that fails under /fr/ (ROOT_URLCONF below).
def _urlpatterns_with_a_broken_french_view():
    from django.conf.urls.i18n import i18n_patterns
    from django.urls import path

    from cope_site import urls as project_urls
    from tests.test_error_pages import broken_view

    return [*i18n_patterns(path("broken/", broken_view)), *project_urls.urlpatterns]


urlpatterns = _urlpatterns_with_a_broken_french_view()
handler404 = "cope_site.views.page_not_found"
handler500 = "cope_site.views.server_error"


def test_the_not_found_page_is_in_french_under_fr(site_content, client):
    from django.urls import reverse
    from django.utils import translation

    response = client.get("/fr/pas-de-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Nous ne trouvons pas cette page" in html
    assert "Page introuvable" in html
    with translation.override("fr"):
        assert f'href="{reverse("search")}"' in html
    assert "Qui sommes-nous" in html  # the site around it is French too


def test_the_server_error_page_is_in_french_under_fr(site_content, settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.test_languages"
    response = Client(raise_request_exception=False).get("/fr/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Désolés, une erreur s’est produite de notre côté" in html
    assert 'href="/fr/"' in html
    assert "something broke" not in html


def test_a_form_speaks_french_labels_help_and_errors():
    from django.utils import translation

    from accounts.forms import SecondFactorCodeForm

    with translation.override("fr"):
        form = SecondFactorCodeForm(data={"code": ""})
        assert not form.is_valid()
        html = str(form)
    assert "Code" in html
    assert "Les 6 chiffres qu’affiche votre application d’authentification" in html
    assert "Champ requis." in html  # Django's own catalogue


def test_the_french_homepage_quotes_the_children_in_french(site_content, client):
    french = page_text(client, "/fr/")
    assert "C'était court, mais c'était beau" in french
    assert "It was short but beautiful" not in french
    assert "It was short but beautiful" in page_text(client, "/en/")
