"""The publications library: its index (filters, pagination, counts), its pages and
their files in several languages, search, the homepage block, drafts and private
publications kept out of sight, editors adding a publication in the admin, the move of
news' old 'publication' kind, and shared document links that survive a replaced file."""

import importlib
import io
import json
import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from news.models import NewsPage
from publications.initial_content import make_pdf_document, tiny_pdf
from publications.models import (
    PublicationFile,
    PublicationIndexPage,
    PublicationPage,
)
from tests.conftest import add_article, make_image, make_topics
from tests.localize import translate
from tests.test_purges import edge, site_host  # noqa: F401 (the purge recorder fixture)

TOOLKIT = "/en/publications/child-friendly-prison-visits-toolkit/"
FRENCH_TOOLKIT = "/fr/publications/visites-en-prison-adaptees-aux-enfants/"


def index_of(language_code="en"):
    return PublicationIndexPage.objects.get(locale__language_code=language_code)


def add_publication(title, *, index=None, languages=("en",), publish=True, **fields):
    """A publication with a small PDF in each of `languages`, published the editor's
    way (a revision, then publish) unless `publish` is False (a draft)."""
    index = index or index_of()
    fields.setdefault("date", "2030-01-01")
    page = PublicationPage(title=title, live=publish, **fields)
    page.files = [
        PublicationFile(
            document=make_pdf_document(f"{title} ({code})", f"file-{code}.pdf", [title]),
            language=code,
        )
        for code in languages
    ]
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def titles(html):
    return [unescape(title) for title in re.findall(r'class="card__title"><a [^>]*>([^<]*)<', html)]


def results_line(html):
    return unescape(re.search(r'<h2 class="results-count">(.*?)</h2>', html).group(1))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the pages ------------------------------------------------------------------------


def test_the_index_lists_the_publications_newest_first_in_each_language(site_content, client):
    html = get(client, "/en/publications/")
    assert results_line(html) == "4 publications"
    assert titles(html) == [
        "Child-friendly prison visits: a toolkit for prison staff",
        "Annual report 2025",
        "European Journal of Parental Imprisonment: keeping in touch",
        "The UN Convention on the Rights of the Child and children with imprisoned parents",
    ]
    assert '<p class="card__kind">Toolkit</p>' in html
    assert "Languages: English, French" in html

    french = get(client, "/fr/publications/")
    assert results_line(french) == "4 publications"
    assert titles(french)[:2] == [
        "Des visites en prison adaptées aux enfants\u00a0: guide pour le personnel pénitentiaire",
        "Rapport annuel 2025",
    ]
    assert '<p class="card__kind">Guide pratique</p>' in french
    assert "Langues\u00a0: anglais, français" in french


def test_a_publication_shows_each_file_with_its_language_format_and_size(site_content, client):
    html = get(client, TOOLKIT)
    links = re.findall(
        r'<a href="(/documents/[^"]*)" hreflang="(\w+)" type="([^"]*)">([^<]*)</a>', html
    )
    english = get_document_model().objects.get(
        title="Child-friendly prison visits: a toolkit for prison staff"
    )
    assert links[0] == (
        english.url,
        "en",
        "application/pdf",
        f"Download (PDF, {english.file_size}\u00a0bytes, English)",
    )
    assert links[1][1:3] == ("fr", "application/pdf")
    assert re.fullmatch(r"Download \(PDF, 1\.\d\xa0KB, French\)", links[1][3]), links[1][3]
    assert '<span class="downloads__title" lang="fr">Des visites en prison' in html
    assert 'href="/en/publications/?topic=prison-visits">Prison visits</a>' in html

    french = get(client, FRENCH_TOOLKIT)
    french_links = re.findall(r'hreflang="(\w+)" type="[^"]*">([^<]*)</a>', french)
    assert french_links[0] == ("en", f"Télécharger (PDF, {english.file_size}\u00a0octets, anglais)")
    assert french_links[1][0] == "fr"
    assert re.fullmatch(r"Télécharger \(PDF, 1,\d\xa0Kio, français\)", french_links[1][1])
    assert '<h2 id="downloads-heading">Téléchargements</h2>' in french


def test_search_engines_read_the_publication_and_its_files(site_content, client):
    html = get(client, TOOLKIT)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert (data["@type"], data["name"], data["datePublished"], data["inLanguage"]) == (
        "CreativeWork",
        "Child-friendly prison visits: a toolkit for prison staff",
        "2026-06-15",
        "en",
    )
    assert data["publisher"]["name"] == "Children of Prisoners Europe"
    assert [(file["inLanguage"], file["encodingFormat"]) for file in data["encoding"]] == [
        ("en", "application/pdf"),
        ("fr", "application/pdf"),
    ]
    assert all(file["contentUrl"].startswith("http://") for file in data["encoding"])
    french = get(client, "/fr/publications/rapport-annuel-2025/")
    french_data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', french, re.S).group(1)
    )
    assert (french_data["@type"], french_data["inLanguage"]) == ("Report", "fr")


def test_the_files_are_valid_pdfs_served_by_wagtails_view(site_content, client):
    publication = PublicationPage.objects.get(
        url_path__endswith="/child-friendly-prison-visits-toolkit/"
    )
    for publication_file in publication.files.all():
        response = client.get(publication_file.document.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
        assert response["Cache-Control"].startswith("private")


def test_a_generated_pdf_has_a_consistent_cross_reference_table():
    pdf = tiny_pdf("Rapport annuel", ["Une ligne (avec parenthèses) et un \\"])
    start = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[start:].startswith(b"xref\n0 7\n")
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n", pdf)]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert "parenthèses".encode("cp1252") in pdf


# --- filters and pages of results ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=toolkit", ["Child-friendly prison visits: a toolkit for prison staff"]),
        ("kind=annual_report", ["Annual report 2025"]),
        (
            "year=2025",
            ["The UN Convention on the Rights of the Child and children with imprisoned parents"],
        ),
        (
            "language=fr",
            [
                "Child-friendly prison visits: a toolkit for prison staff",
                "The UN Convention on the Rights of the Child and children with imprisoned parents",
            ],
        ),
        (
            "topic=prison-visits",
            [
                "Child-friendly prison visits: a toolkit for prison staff",
                "European Journal of Parental Imprisonment: keeping in touch",
            ],
        ),
        (
            "topic=united-nations&language=fr&year=2025",
            ["The UN Convention on the Rights of the Child and children with imprisoned parents"],
        ),
        ("topic=safeguarding&kind=journal_issue", []),
        ("kind=report", []),
        ("language=de", []),
    ],
)
def test_each_filter_narrows_the_list(site_content, client, query, expected):
    html = get(client, f"/en/publications/?{query}")
    assert titles(html) == expected
    count = len(expected)
    line = f"{count} publication{'s' if count != 1 else ''}"
    if query.startswith("topic=prison-visits"):
        line += " on “Prison visits”"
    elif query.startswith("topic=united-nations"):
        line += " on “United Nations”"
    elif query.startswith("topic=safeguarding"):
        line += " on “Safeguarding”"
    assert results_line(html) == line
    if not expected:
        assert "No publications match these filters." in html


def test_the_filter_form_offers_the_years_and_languages_in_use(site_content, client):
    html = get(client, "/en/publications/?language=fr&year=2025")
    assert '<form class="filters filters--four" method="get" action="/en/publications/"' in html
    assert re.findall(r'<option value="(\d{4})"', html) == ["2026", "2025"]
    languages = re.findall(r'<option value="(\w\w)"( selected)?>(\w+)</option>', html)
    assert languages == [("en", "", "English"), ("fr", " selected", "French")]
    assert '<option value="2025" selected>' in html
    assert 'href="/en/publications/">Clear filters</a>' in html
    topics = re.findall(r'<option value="([\w-]+)">([^<]*)</option>', html)
    assert ("prison-visits", "Prison visits") in topics
    french = get(client, "/fr/publications/")
    assert '<label for="filter-kind">Type</label>' in french
    assert re.search(r'<option value="prison-visits">[^<]*[Vv]isite', french)
    assert '<option value="fr">Français</option>' in french


@pytest.mark.parametrize(
    "query", ["page=99", "page=abc", "year=20x", "kind=novel", "language=xx", "language=<b>"]
)
def test_a_bad_filter_or_page_is_a_404_not_a_500(site_content, client, query):
    assert client.get(f"/en/publications/?{query}").status_code == 404


def test_pagination_keeps_the_filters(site_content, client):
    for number in range(12):
        add_publication(f"Briefing {number:02}", publication_type="policy_briefing")
    html = get(client, "/en/publications/?kind=policy_briefing")
    assert results_line(html) == "13 publications"
    assert len(titles(html)) == 12
    assert "Page 1 of 2" in html
    assert 'href="?kind=policy_briefing&amp;page=2"' in html
    second = get(client, "/en/publications/?kind=policy_briefing&page=2")
    assert titles(second) == [
        "The UN Convention on the Rights of the Child and children with imprisoned parents"
    ]


# --- drafts and private publications -----------------------------------------------


def visible_everywhere(client, page):
    """Where a publication could show, to anyone: the places that list `page`."""
    page_url = page.get_full_url() or f"/en/publications/{page.slug}/"
    places = {
        "index": "/en/publications/",
        "filtered index": "/en/publications/?language=en",
        "homepage": "/en/",
        "search": f"/en/search/?q={page.title.split()[0]}",
        "rss": "/en/news/feed/rss/",
        "atom": "/en/news/feed/atom/",
    }
    found = [name for name, url in places.items() if page.title in get(client, url)]
    if page_url in get(client, "/sitemap.xml"):
        found.append("sitemap")
    return sorted(found)


def test_a_draft_or_private_publication_appears_nowhere(site_content, client):
    live = add_publication("Zephyrine live briefing")
    assert visible_everywhere(client, live) == [
        "filtered index",
        "homepage",
        "index",
        "search",
        "sitemap",
    ]
    draft = add_publication("Quillon draft briefing", publish=False)
    private = add_publication("Marzipan private briefing")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for page in (draft, private):
        assert visible_everywhere(client, page) == [], page.title
    assert client.get(f"/en/publications/{draft.slug}/").status_code == 404
    assert client.get(private.url).status_code == 302  # to the login page


# --- search -------------------------------------------------------------------------


def search_results(client, language_code, query):
    html = get(client, f"/{language_code}/search/?q={query}")
    return re.findall(r'<li><h3><a href="([^"]*)"', html)


def test_search_finds_publications_by_title_and_summary_in_the_readers_language(
    site_content, client
):
    publication = add_publication(
        "Grandparents raising children", intro="A study of kinship carers in Lithuania."
    )
    assert search_results(client, "en", "Grandparents") == [publication.url]
    assert search_results(client, "en", "Lithuania") == [publication.url]
    assert search_results(client, "fr", "Lithuania") == []
    english_toolkit = search_results(client, "en", "toolkit")
    assert TOOLKIT in english_toolkit
    assert search_results(client, "fr", "fouille") == [FRENCH_TOOLKIT]
    assert search_results(client, "en", "fouille") == []


# --- homepage -----------------------------------------------------------------------


def test_the_homepage_shows_the_latest_publications_in_its_language(site_content, client):
    html = get(client, "/en/")
    section = html[html.index("<h2>Latest publications</h2>") :]
    section = section[: section.index("</section>")]
    assert titles(section) == [
        "Child-friendly prison visits: a toolkit for prison staff",
        "Annual report 2025",
        "European Journal of Parental Imprisonment: keeping in touch",
    ]
    assert 'href="/en/publications/">All publications' in section
    french = get(client, "/fr/")
    section = french[french.index("<h2>Dernières publications</h2>") :]
    assert "Rapport annuel 2025" in section[: section.index("</section>")]
    assert 'href="/fr/publications/">Toutes les publications' in section


# --- query counts -------------------------------------------------------------------

# Measured and fixed, with Django's cache off: the same with 10 publications as with
# 1,000 (each with a cover and two files).
EXPECTED_QUERIES = {
    "/en/publications/": 22,
    "/en/publications/?language=fr&kind=report": 22,
    "/en/publications/?year=2030&topic=prison-visits": 22,
    TOOLKIT: 18,
    # tests/test_queries.py's count: the latest publications are four more (the
    # publications, their covers' renditions, their files with documents, the index).
    "/en/": 30,
    # French: the topics' French names, and the language's own locale and root.
    "/fr/publications/": 24,
}


def grow_publications(total, settings):
    """Live publications added as an import would add them: without revisions, reference
    or search index entries; each with a cover and an English and a French file, every
    tenth filed under a topic."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    cover = make_image("A cover")
    english = make_pdf_document("English file", "english.pdf", ["English"])
    french = make_pdf_document("French file", "french.pdf", ["Français"])
    (topic,) = make_topics("prison-visits")
    index = index_of()
    existing = PublicationPage.objects.filter(locale=index.locale).count()
    with disable_reference_index_auto_update():
        for number in range(total - existing):
            page = PublicationPage(
                title=f"Publication {number}",
                date="2030-06-01",
                publication_type="report",
                intro="Summary",
                listing_image=cover,
                live=True,
            )
            page.files = [
                PublicationFile(document=english, language="en"),
                PublicationFile(document=french, language="fr"),
            ]
            if number % 10 == 0:
                page.topics = [topic]
            index.add_child(instance=page)


def count_queries(client, url):
    client.get(url)  # the first visit makes image renditions: stored data, not a cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("total", [10, 1000])
def test_query_counts_do_not_grow_with_publications(
    site_content, client, nothing_cached, settings, total
):
    grow_publications(total, settings)
    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}
    assert counts == EXPECTED_QUERIES


# --- editors ------------------------------------------------------------------------


def upload_document(client, title, filename, content):
    """A document uploaded through the admin's own form, as an editor does."""
    response = client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "collection": 1,
            "file": SimpleUploadedFile(filename, content),
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_document_model().objects.get(title=title)


def publication_form(**fields):
    return nested_form_data(
        {
            "title": "Visiting rooms that welcome children",
            "slug": "visiting-rooms",
            "publication_type": "toolkit",
            "date": "2031-02-03",
            "authors": "",
            "intro": "A guide for prison staff.",
            "listing_image": "",
            "body": streamfield([]),
            "files": inline_formset([]),
            "action-publish": "publish",
            **fields,
        }
    )


def test_an_editor_adds_a_publication_with_files_in_two_languages(editor_client):
    english = upload_document(
        editor_client, "Guide (English)", "guide-en.pdf", tiny_pdf("Guide", [])
    )
    french = upload_document(
        editor_client, "Guide (français)", "guide-fr.pdf", tiny_pdf("Guide", [])
    )
    response = editor_client.post(
        f"/admin/pages/add/publications/publicationpage/{index_of().pk}/",
        publication_form(
            files=inline_formset(
                [
                    {"document": english.pk, "language": "en", "ORDER": 1},
                    {"document": french.pk, "language": "fr", "ORDER": 2},
                ]
            )
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    page = PublicationPage.objects.get(slug="visiting-rooms")
    assert page.live
    assert [(f.document_id, f.language) for f in page.files.all()] == [
        (english.pk, "en"),
        (french.pk, "fr"),
    ]
    editor_client.logout()
    html = get(editor_client, page.url)
    assert "Download (PDF, " in html and ", French)</a>" in html
    assert "Visiting rooms that welcome children" in get(
        editor_client, "/en/publications/?language=fr"
    )


def test_the_admin_pages_an_editor_uses_for_publications_open(editor_client):
    english = PublicationPage.objects.get(slug="child-friendly-prison-visits-toolkit")
    french = PublicationPage.objects.get(slug="visites-en-prison-adaptees-aux-enfants")
    for url in [
        f"/admin/pages/{index_of().pk}/",
        f"/admin/pages/{english.pk}/edit/",
        f"/admin/pages/{french.pk}/edit/",  # wagtail-localize's translation editor
        f"/admin/pages/add/publications/publicationpage/{index_of().pk}/",
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_a_publication_needs_a_file(editor_client):
    response = editor_client.post(
        f"/admin/pages/add/publications/publicationpage/{index_of().pk}/", publication_form()
    )
    assert response.status_code == 200
    assert not PublicationPage.objects.filter(slug="visiting-rooms").exists()


def test_publishing_a_publication_purges_the_whole_site_after_commit(
    site_content,
    edge,  # noqa: F811 (the purge recorder of tests/test_purges.py)
    django_capture_on_commit_callbacks,
):
    """Its page, the index in both languages, every filter and the homepage: the
    site-wide purge covers them all (docs/caching.md)."""
    with django_capture_on_commit_callbacks(execute=True):
        add_publication("Purged with the site")
    assert set(edge.purged) == {(site_host(site_content), "/*")}


# --- shared document links ----------------------------------------------------------


def test_replacing_a_file_keeps_the_shared_link_working(editor_client):
    document = upload_document(editor_client, "Report", "report-v1.pdf", tiny_pdf("Version 1", []))
    shared_link = document.url
    response = editor_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": "Report",
            "collection": 1,
            "file": SimpleUploadedFile("report-v2.pdf", tiny_pdf("Version 2", [])),
            "tags": "",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.url != shared_link  # the filename changed with the file
    editor_client.logout()
    old = editor_client.get(shared_link)
    assert (old.status_code, old["Location"]) == (302, document.url)
    assert old["Cache-Control"].startswith("private")
    new = editor_client.get(document.url)
    assert new.status_code == 200
    assert b"Version 2" in b"".join(new.streaming_content)
    # A made-up filename for a document that does not exist is still a 404.
    assert editor_client.get(f"/documents/{document.pk + 999}/report-v2.pdf").status_code == 404


def test_a_private_documents_old_link_never_names_its_new_file(editor_client):
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = make_pdf_document("Board minutes", "minutes-draft.pdf", ["Draft"])
    document.collection = private
    document.save()
    old_link = f"/documents/{document.pk}/old-name.pdf"
    editor_client.logout()
    answer = editor_client.get(old_link)
    assert answer.status_code == 302
    assert "minutes-draft" not in answer["Location"] and "login" in answer["Location"]
    assert editor_client.get(document.url).status_code == 302  # the same sign-in


# --- news' old 'publication' kind ---------------------------------------------------


def run_the_move():
    """The data migration's function, with the models as they were when it runs."""
    migration = importlib.import_module("publications.migrations.0002_move_news_publications")
    state = MigrationLoader(connection).project_state(
        ("publications", "0002_move_news_publications"), at_end=False
    )
    migration.move_news_publications(state.apps, None)


def test_news_of_the_old_publication_kind_become_publications(site_content, client):
    image = make_image("A cover")
    article = add_article(
        site_content.news_index,
        "Annual report 2019",
        slug="annual-report-2019",
        date="2020-04-01",
        intro="What the network did in 2019.",
        author="COPE staff",
        listing_image=image,
        body=[{"type": "paragraph", "value": "<p>The year in review.</p>"}],
    )
    article.topics.set(make_topics("annual-reports"))
    article.save_revision().publish()
    french = translate(
        article,
        {
            "Annual report 2019": "Rapport annuel 2019",
            "annual-report-2019": "rapport-annuel-2019",
            "What the network did in 2019.": "Ce que le réseau a fait en 2019.",
            "COPE staff": "L’équipe de COPE",
            "The year in review.": "L’année en revue.",
        },
    )
    # The kind no longer exists: rows that have it are what the migration finds.
    NewsPage.objects.filter(pk__in=[article.pk, french.pk]).update(kind="publication")
    old_url, old_french_url = article.url, french.url
    assert (old_url, old_french_url) == (
        "/en/news/annual-report-2019/",
        "/fr/actualites/rapport-annuel-2019/",
    )
    news_count = NewsPage.objects.count()

    run_the_move()

    publication = PublicationPage.objects.get(pk=article.pk)
    assert publication.url == "/en/publications/annual-report-2019/"
    assert (publication.title, publication.intro, publication.authors) == (
        "Annual report 2019",
        "What the network did in 2019.",
        "COPE staff",
    )
    assert (str(publication.date), publication.listing_image_id) == ("2020-04-01", image.pk)
    assert "The year in review." in str(publication.body)
    assert [topic.slug for topic in publication.topics.all()] == ["annual-reports"]
    assert NewsPage.objects.count() == news_count - 2
    # treebeard's own check: no orphan, wrong depth or wrong child count.
    problems = Page.find_problems()
    assert problems == ([], [], [], [], []), problems

    # Read and edited as a publication: its revisions are the publication's.
    latest = publication.get_latest_revision_as_object()
    assert isinstance(latest, PublicationPage) and latest.authors == "COPE staff"

    html = get(client, publication.url)
    assert "<h1>Annual report 2019</h1>" in html and "By COPE staff" in html
    assert "Annual report 2019" in get(client, "/en/publications/?year=2020&topic=annual-reports")
    assert "Annual report 2019" not in get(client, "/en/news/")
    french_publication = PublicationPage.objects.get(pk=french.pk)
    assert french_publication.url == "/fr/publications/rapport-annuel-2019/"
    assert "<h1>Rapport annuel 2019</h1>" in get(client, french_publication.url)
    assert french_publication.translation_key == publication.translation_key

    # Shared links to the old addresses lead to the new ones.
    for old, new in [(old_url, publication.url), (old_french_url, french_publication.url)]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert Redirect.objects.filter(redirect_page=publication).count() == 1


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_an_article_of_the_old_kind(live_site_content, client):
    """The migrations themselves, as `manage.py migrate` runs them on a site from before
    the library: back to where news still had the kind, an article of it, then forward."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("publications", "0001_publications_library"), ("news", "0006_video_block")])
    article = add_article(live_site_content.news_index, "Toolkit of 2017", date="2017-03-01")
    NewsPage.objects.filter(pk=article.pk).update(kind="publication")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    fresh = MigrationExecutor(connection)
    assert fresh.migration_plan(fresh.loader.graph.leaf_nodes()) == []
    publication = PublicationPage.objects.get(pk=article.pk)
    assert publication.url == "/en/publications/toolkit-of-2017/"
    assert "Toolkit of 2017" in get(client, "/en/publications/?year=2017")
    response = client.get("/en/news/toolkit-of-2017/")
    assert (response.status_code, response["Location"]) == (301, publication.url)


def test_the_move_makes_the_index_where_there_is_none(site_content, client):
    PublicationIndexPage.objects.filter(locale__language_code="fr").delete()
    for index in PublicationIndexPage.objects.all():
        index.delete()
    article = add_article(site_content.news_index, "Toolkit of 2018", date="2018-01-01")
    NewsPage.objects.filter(pk=article.pk).update(kind="publication")
    run_the_move()
    index = PublicationIndexPage.objects.get()
    assert index.get_parent().pk == site_content.home.pk and index.live
    assert PublicationPage.objects.get(pk=article.pk).url == "/en/publications/toolkit-of-2018/"
    assert "Toolkit of 2018" in get(client, "/en/publications/")
    assert Page.find_problems() == ([], [], [], [], [])


# --- initial content ----------------------------------------------------------------


def test_the_initial_content_is_loaded_once(site_content):
    documents = get_document_model().objects.count()
    publications = PublicationPage.objects.count()
    assert publications == 8  # four, in English and in French
    call_command("load_initial_content", stdout=io.StringIO())
    assert get_document_model().objects.count() == documents == 6
    assert PublicationPage.objects.count() == publications


def test_a_latest_news_block_of_publications_becomes_a_latest_publications_block():
    """home/migrations/0005: the homepage's 'Latest news' block that showed only the old
    kind shows the publications library's newest instead; the others stay."""
    migration = importlib.import_module("home.migrations.0005_latest_publications_block")
    raw = [
        {
            "type": "latest_news",
            "id": "a",
            "value": {"heading": "Reports", "count": 4, "kind": "publication"},
        },
        {"type": "latest_news", "id": "b", "value": {"heading": "News", "count": 3, "kind": ""}},
        {"type": "paragraph", "id": "c", "value": "<p>Text</p>"},
    ]
    assert migration.latest_publications_blocks(raw) == [
        {"type": "latest_publications", "id": "a", "value": {"heading": "Reports", "count": 4}},
        raw[1],
        raw[2],
    ]
