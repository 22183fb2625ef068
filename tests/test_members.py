"""The member directory, its map of Europe and the country pages, as readers see them in
English and French, and as editors make them in the admin."""

import re
import uuid
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

import lxml.etree
import lxml.html
import pytest

from members.europe_map import SHAPES
from members.models import CountryPage, Member, MemberDirectoryPage
from tests.conftest import make_image

DIRECTORY = {"en": "/en/members/", "fr": "/fr/membres/"}
FRANCE = {"en": "/en/members/france/", "fr": "/fr/membres/france/"}
SVG_NS = "{http://www.w3.org/2000/svg}"


def make_member(name, country, *, live=True, locale=None, **fields):
    """A member saved as the admin saves one: a revision, published unless a draft."""
    fields.setdefault("description", f"What {name} does.")
    member = Member(
        name=name, country=country, locale=locale or Locale.get_default(), live=live, **fields
    )
    member.save()
    revision = member.save_revision()
    if live:
        revision.publish()
    return member


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def by_class(tree, name, then=""):
    """Elements of class `name` (then an XPath below them): the page as a browser reads it."""
    return tree.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]{then}')


def country_headings(html):
    """The directory's country headings, in page order."""
    tree = lxml.html.fromstring(html)
    return [h.text_content().strip() for h in by_class(tree, "member-directory", "//h3")]


def member_names(html):
    tree = lxml.html.fromstring(html)
    return [h.text_content().strip() for h in by_class(tree, "member__name")]


def the_map(html):
    """The inline SVG, parsed as the XML it is."""
    return lxml.etree.fromstring(re.search(r"<svg\b.*?</svg>", html, re.S).group(0))


def map_links(html):
    """{accessible name: address} of the map's links."""
    return {a.get("aria-label"): a.get("href") for a in the_map(html).iter(f"{SVG_NS}a")}


def table_rows(html):
    """[(country, number of members, address)] of the table beside the map."""
    tree = lxml.html.fromstring(html)
    return [
        (
            row.xpath("th/a")[0].text_content(),
            int(row.xpath("td")[0].text_content()),
            row.xpath("th/a")[0].get("href"),
        )
        for row in by_class(tree, "country-counts", "/tbody/tr")
    ]


def test_the_directory_groups_members_by_country_alphabetically_in_each_language(
    site_content, client
):
    make_member("Treffpunkt", "DE", city="Nuremberg")
    english = get(client, DIRECTORY["en"])
    assert country_headings(english) == ["France", "Germany", "Italy", "United Kingdom"]
    # Alphabetical in French: Allemagne first, Royaume-Uni last.
    french = get(client, DIRECTORY["fr"])
    assert country_headings(french) == ["Allemagne", "France", "Italie", "Royaume-Uni"]
    # Members by name within their country, each under its own country's heading.
    assert member_names(english) == [
        "Relais Enfants Parents",
        "Treffpunkt",
        "Bambinisenzasbarre",
        "Children Heard and Seen",
        "Families Outside",
    ]
    assert "5 member organisations" in text(english)
    assert "5 organisations membres" in text(french)


def test_a_country_is_under_one_heading_however_its_members_are_named(site_content, client):
    make_member("Aardvark Families", "GB")
    make_member("Zebra Families", "IT")
    html = get(client, DIRECTORY["en"])
    assert country_headings(html) == ["France", "Italy", "United Kingdom"]
    italy = html[html.index(">Italy</h3>") : html.index(">United Kingdom</h3>")]
    assert member_names(italy) == ["Bambinisenzasbarre", "Zebra Families"]


def test_the_country_filter_shows_one_country_and_works_without_javascript(site_content, client):
    html = get(client, DIRECTORY["en"] + "?country=GB")
    assert country_headings(html) == ["United Kingdom"]
    assert member_names(html) == ["Children Heard and Seen", "Families Outside"]
    # A plain GET form: the choice stays selected, and a link clears it.
    form = by_class(lxml.html.fromstring(html), "filters")[0]
    assert form.tag == "form" and form.get("method") == "get"
    assert form.xpath(".//option[@selected]")[0].get("value") == "GB"
    assert [o.text for o in form.xpath(".//option")] == [
        "All countries",
        "France",
        "Italy",
        "United Kingdom",
    ]
    assert "Clear filters" in text(html)
    # Lower case, as a visitor might type it, is the same country.
    assert member_names(get(client, DIRECTORY["en"] + "?country=gb")) == member_names(html)
    french = get(client, DIRECTORY["fr"] + "?country=GB")
    assert country_headings(french) == ["Royaume-Uni"]


def test_a_country_without_members_is_an_empty_list_and_no_country_a_404(site_content, client):
    html = get(client, DIRECTORY["en"] + "?country=DE")
    assert country_headings(html) == []
    assert "No member organisations match this filter." in text(html)
    assert client.get(DIRECTORY["en"] + "?country=XX").status_code == 404
    assert client.get(DIRECTORY["en"] + "?country=%3Cb%3E").status_code == 404


def test_the_country_page_lists_its_members_and_its_facts(site_content, client):
    france = CountryPage.objects.get(locale__language_code="en", country="FR")
    france.facts = [
        {
            "type": "facts_table",
            "value": {
                "caption": "",
                "rows": [
                    {
                        "figure": "1,234",
                        "counts": "children visiting a parent (a test figure)",
                        "year": 2024,
                        "source": "A test source",
                        "source_url": "https://example.org/figures",
                    }
                ],
            },
        }
    ]
    france.save_revision().publish()
    html = get(client, FRANCE["en"])
    assert member_names(html) == ["Relais Enfants Parents"]
    table = by_class(lxml.html.fromstring(html), "facts-table", "/table")[0]
    assert table.xpath("caption")[0].text_content() == "Facts and figures"
    assert [c.text_content() for c in table.xpath("tbody/tr/*")] == [
        "1,234",
        "children visiting a parent (a test figure)",
        "2024",
        "A test source",
    ]
    assert table.xpath("tbody//a")[0].get("href") == "https://example.org/figures"
    # No figures: no table at all, never an empty one.
    french = get(client, FRANCE["fr"])
    assert "facts-table" not in french
    assert member_names(french) == ["Relais Enfants Parents"]
    assert '<h2 id="members-heading">Organisations membres</h2>' in french


def test_the_map_links_every_country_with_members_and_the_table_says_the_same(site_content, client):
    make_member("Treffpunkt", "DE")
    for language, labels in {
        "en": [
            "France: 1 member",
            "Germany: 1 member",
            "Italy: 1 member",
            "United Kingdom: 2 members",
        ],
        "fr": [
            "Allemagne\u00a0: 1 membre",
            "France\u00a0: 1 membre",
            "Italie\u00a0: 1 membre",
            "Royaume-Uni\u00a0: 2 membres",
        ],
    }.items():
        html = get(client, DIRECTORY[language])
        svg = the_map(html)
        # A name for the whole map, from its own <title>.
        title = svg.find(f"{SVG_NS}title")
        assert title is not None and title.text
        assert svg.get("aria-labelledby") == title.get("id")
        links = map_links(html)
        assert list(links) == labels, language
        for link in svg.iter(f"{SVG_NS}a"):
            # Focusable (an href), named, and its tooltip says the same.
            assert link.get("href")
            assert link.find(f"{SVG_NS}title").text == link.get("aria-label")
        # The other countries are shapes only: no link, hidden from screen readers.
        land = svg.find(f"{SVG_NS}g")
        assert land.get("aria-hidden") == "true"
        assert len(land.findall(f"{SVG_NS}path")) == len(SHAPES) - len(labels)
        assert not land.findall(f".//{SVG_NS}a")
        # The table: the same countries, counts and addresses, in the same order.
        rows = table_rows(html)
        assert [
            (f"{name}{'\u00a0' if language == 'fr' else ''}: {count}", url)
            for name, count, url in rows
        ] == [(label.rsplit(" ", 1)[0], links[label]) for label in labels]


def test_map_links_go_to_the_country_page_or_the_filtered_list(site_content, client):
    make_member("Treffpunkt", "DE")
    links = map_links(get(client, DIRECTORY["en"]))
    assert links["France: 1 member"] == FRANCE["en"]
    # Germany has no country page: its link is the directory filtered to it.
    assert links["Germany: 1 member"] == DIRECTORY["en"] + "?country=DE#members"
    assert links == dict(map_links(get(client, DIRECTORY["en"] + "?country=IT")))


def test_every_shape_of_the_map_is_a_closed_path_in_its_frame():
    from members.europe_map import HEIGHT, WIDTH

    codes = [code for code, _name, _path in SHAPES if code]
    assert len(codes) == len(set(codes))
    for code in ["FR", "DE", "IT", "GB", "IE", "PL", "ES", "PT", "SE", "MT", "LU", "IS", "CY"]:
        assert code in codes, code
    for code, _name, path in SHAPES:
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", path), code
        for x, y in path_points(path):
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT, code


def test_a_draft_or_unpublished_member_appears_nowhere(site_content, client):
    make_member("A draft association", "FR", live=False)
    withdrawn = make_member("A withdrawn association", "DE")
    withdrawn.unpublish()
    for html in [
        get(client, DIRECTORY["en"]),
        get(client, DIRECTORY["fr"]),
        get(client, FRANCE["en"]),
        get(client, FRANCE["fr"]),
        get(client, DIRECTORY["en"] + "?country=FR"),
    ]:
        assert "A draft association" not in html
        assert "A withdrawn association" not in html
    html = get(client, DIRECTORY["en"])
    assert "France: 1 member" in map_links(html)
    assert not any(label.startswith("Germany") for label in map_links(html))
    assert ("France", 1, FRANCE["en"]) in table_rows(html)


def test_a_draft_or_private_country_page_is_not_linked(site_content, client):
    directory = MemberDirectoryPage.objects.get(locale__language_code="en")
    draft = CountryPage(title="Germany", slug="germany", country="DE", live=False)
    directory.add_child(instance=draft)
    draft.save_revision()
    make_member("Treffpunkt", "DE")
    italy = CountryPage.objects.get(locale__language_code="en", country="IT")
    PageViewRestriction.objects.create(page=italy, restriction_type=PageViewRestriction.LOGIN)
    html = get(client, DIRECTORY["en"])
    assert "/en/members/germany/" not in html
    assert "/en/members/italy/" not in html
    links = map_links(html)
    assert links["Germany: 1 member"] == DIRECTORY["en"] + "?country=DE#members"
    assert links["Italy: 1 member"] == DIRECTORY["en"] + "?country=IT#members"


def test_a_new_member_shows_in_french_at_once_and_its_translation_when_made(site_content, client):
    from home.initial_content import translate_object

    member = make_member("Treffpunkt", "DE", city="Nuremberg", description="Supports families.")
    # Not translated yet: French readers get the original's description.
    assert "Supports families." in text(get(client, DIRECTORY["fr"]))
    french_locale = Locale.objects.get(language_code="fr")
    translate_object(member, french_locale, {"Supports families.": "Soutient les familles."})
    french = text(get(client, DIRECTORY["fr"]))
    assert "Soutient les familles." in french and "Supports families." not in french
    assert "Supports families." in text(get(client, DIRECTORY["en"]))
    # What is the organisation's own is read from the original: no sync needed.
    member.city = "Nürnberg"
    member.save_revision().publish()
    assert "Nürnberg, Allemagne" in text(get(client, DIRECTORY["fr"]))
    assert member_names(get(client, DIRECTORY["fr"])).count("Treffpunkt") == 1


def test_the_member_snippet_is_translatable_and_synchronises_all_but_its_description():
    from wagtail_localize.fields import get_translatable_fields

    fields = {
        field.field_name: field.is_translated(None) for field in get_translatable_fields(Member)
    }
    assert fields["description"] is True
    for name in ["name", "country", "city", "website", "category", "logo"]:
        assert fields[name] is False, name


# Query counts with nothing cached, as the edge asks after a change (tests/test_queries.py
# says why), fixed and the same for 10 members as for 300: the members of every language
# in one query and their logos' renditions in one more; on the directory, the country
# pages and their view restrictions (Wagtail's public()) in two; the rest is every
# page's (routing in the address's language, translations, settings, header and footer).
EXPECTED_QUERIES = {DIRECTORY["en"]: 18, DIRECTORY["en"] + "?country=GB": 18, FRANCE["en"]: 18}


def grow_members(total):
    """Members added as an import would add them: rows only, every fifth with a logo,
    across a dozen countries."""
    logo = make_image("A logo", size=(320, 160))
    locale = Locale.get_default()
    codes = ["AT", "BE", "DE", "DK", "ES", "FR", "GB", "IE", "IT", "NL", "PL", "SE"]
    existing = Member.objects.count()
    Member.objects.bulk_create(
        Member(
            name=f"Member {number}",
            country=codes[number % len(codes)],
            city="A city",
            website="https://example.org/",
            description="What it does.",
            logo=logo if number % 5 == 0 else None,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
        )
        for number in range(total - existing)
    )


def count_queries(client, url):
    client.get(url)  # the first visit makes the logos' renditions: stored, not cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("total", [10, 300])
def test_directory_queries_do_not_grow_with_members(site_content, client, nothing_cached, total):
    grow_members(total)
    assert Member.objects.filter(live=True).count() >= total
    counts = {url: count_queries(client, url) for url in EXPECTED_QUERIES}
    assert counts == EXPECTED_QUERIES
    html = get(client, DIRECTORY["en"])
    assert len(member_names(html)) == Member.objects.filter(locale__language_code="en").count()


# The admin's own forms ---------------------------------------------------------------


def member_form_data(**fields):
    return {
        "name": "Treffpunkt",
        "country": "DE",
        "city": "Nuremberg",
        "website": "https://example.org/treffpunkt",
        "category": "associate",
        "description": "Supports children and families in Nuremberg.",
        "logo": "",
        "action-publish": "action-publish",
        **fields,
    }


def fact_rows(rows):
    """A ListBlock's form data, as the admin's form posts it."""
    return {
        "count": len(rows),
        **{
            str(number): {"value": row, "deleted": "", "order": number, "id": ""}
            for number, row in enumerate(rows)
        },
    }


def country_page_form_data(page, rows):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "country": page.country.code,
            "intro": page.intro,
            "facts": streamfield([("facts_table", {"caption": "", "rows": fact_rows(rows)})]),
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )


TEST_FACT = {
    "figure": "9,876",
    "counts": "a figure made up for this test",
    "year": "2025",
    "source": "The test's own source",
    "source_url": "https://example.org/source",
}


def create_member_and_fact_in_the_admin(admin_client):
    """What an editor does: a member through Snippets › Member organisations › Add,
    a figure on the English country page, then wagtail-localize's 'Sync translated
    pages' with 'Publish' ticked, so the French page has it too."""
    response = admin_client.post(
        "/admin/snippets/members/member/add/?locale=en", member_form_data()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    france = CountryPage.objects.get(locale__language_code="en", country="FR")
    response = admin_client.post(
        f"/admin/pages/{france.pk}/edit/", country_page_form_data(france, [TEST_FACT])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get_for_instance(france)
    response = admin_client.post(
        f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_an_editor_adds_a_member_and_a_fact_in_the_admin(site_content, admin_client, client):
    create_member_and_fact_in_the_admin(admin_client)
    member = Member.objects.get(name="Treffpunkt")
    assert member.live and member.locale.language_code == "en"
    for language, germany, category in [
        ("en", "Germany", "Associate member"),
        ("fr", "Allemagne", "Membre associé"),
    ]:
        directory = get(client, DIRECTORY[language])
        assert germany in country_headings(directory)
        assert "Treffpunkt" in member_names(directory)
        assert f"Nuremberg, {germany} · {category}" in text(directory)
        assert any(label.startswith(germany) for label in map_links(directory))
        page = text(get(client, FRANCE[language]))
        assert "9,876" in page and "The test's own source" in page, language


def test_the_member_admin_lists_filters_and_searches(site_content, admin_client):
    make_member("Treffpunkt", "DE", category="associate")
    make_member("A draft association", "DE", live=False)
    listing = "/admin/snippets/members/member/"
    html = admin_client.get(listing + "?locale=en").content.decode()
    assert "Bambinisenzasbarre" in html and "Treffpunkt" in html
    # Editors see which members are drafts (and so not on the site).
    draft_row = html[html.index("A draft association") :]
    assert "draft" in draft_row[: draft_row.index("</tr>")].split("w-status")[-1]
    html = admin_client.get(listing + "?locale=en&country=DE").content.decode()
    assert "Treffpunkt" in html and "Bambinisenzasbarre" not in html
    html = admin_client.get(listing + "?locale=en&category=associate").content.decode()
    assert "Treffpunkt" in html and "Families Outside" not in html
    html = admin_client.get(listing + "?locale=en&q=edinburgh").content.decode()
    assert "Families Outside" in html and "Treffpunkt" not in html
    french = Member.objects.get(locale__language_code="fr", name="Families Outside")
    edit = admin_client.get(f"/admin/snippets/members/member/edit/{french.pk}/")
    # The French copy opens wagtail-localize's translation editor.
    assert 'class="js-translation-editor"' in edit.content.decode()


def test_the_directory_is_one_per_language_under_the_homepage(site_content):
    assert MemberDirectoryPage.can_create_at(site_content.home) is False
    assert CountryPage.can_create_at(site_content.home) is False
    assert list(
        MemberDirectoryPage.objects.values_list("locale__language_code", flat=True).order_by(
            "locale__language_code"
        )
    ) == ["en", "fr"]
    assert sorted(
        CountryPage.objects.filter(locale__language_code="fr").values_list("country", flat=True)
    ) == ["FR", "GB", "IT"]


def test_the_member_pages_may_be_kept_by_the_edge_and_carry_nothing_inline(site_content, client):
    from tests.conftest import assert_nothing_inline_the_policy_blocks
    from tests.test_cache_headers import assert_shared

    for url in [*DIRECTORY.values(), *FRANCE.values(), DIRECTORY["en"] + "?country=FR"]:
        response = client.get(url)
        assert_shared(response, url)
        assert_nothing_inline_the_policy_blocks(response, url)


def test_the_map_module_is_written_from_natural_earths_topojson(tmp_path):
    """`manage.py derive_europe_map`, on a TopoJSON made here: France as a square
    around Paris and a speck of an island, Spain sharing its border (one arc for both),
    and a country far outside the frame."""
    import io
    import json
    import runpy

    from django.core.management import call_command

    def arc(*points):  # absolute longitude/latitude in whole degrees, delta-encoded
        deltas, last = [], (0, 0)
        for x, y in points:
            deltas.append([x - last[0], y - last[1]])
            last = (x, y)
        return deltas

    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [
            arc((-2, 43), (3, 43)),  # the border France and Spain share
            arc((3, 43), (3, 50), (-2, 50), (-2, 43)),
            arc((3, 43), (3, 37), (-2, 37), (-2, 43)),
            arc((8, 42), (8, 42), (8, 42)),  # a speck: left out
            arc((100, 10), (110, 10), (110, 20), (100, 10)),  # far away: clipped out
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "MultiPolygon",
                        "id": "250",
                        "properties": {"name": "France"},
                        "arcs": [[[0, 1]], [[3]]],
                    },
                    {
                        "type": "Polygon",
                        "id": "724",
                        "properties": {"name": "Spain"},
                        "arcs": [[2, -1]],
                    },
                    {"type": "Polygon", "id": "704", "properties": {"name": "Far"}, "arcs": [[4]]},
                ],
            }
        },
    }
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology))
    output = tmp_path / "europe_map.py"
    call_command("derive_europe_map", str(source), output=output, stdout=io.StringIO())
    module = runpy.run_path(str(output))
    shapes = {code: path for code, _name, path in module["SHAPES"]}
    assert set(shapes) == {"FR", "ES"}
    assert shapes["FR"].count("M") == 1  # the speck is gone
    assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", shapes["FR"])
    # Spain lies below France in the frame, and the two meet along their one border.
    france, spain = path_points(shapes["FR"]), path_points(shapes["ES"])

    def middle(points):
        return sum(y for _x, y in points) / len(points)

    assert middle(france) < middle(spain)
    assert len(set(france) & set(spain)) >= 2
    assert all(0 <= x <= module["WIDTH"] and 0 <= y <= module["HEIGHT"] for x, y in france)


def path_points(path):
    """The absolute points of a path made of `M x y l dx dy ... z` rings."""
    points = []
    for ring in re.findall(r"M(\d+) (\d+)l([-\d ]+)z", path.replace("-", " -")):
        x, y = int(ring[0]), int(ring[1])
        points.append((x, y))
        steps = [int(n) for n in ring[2].split()]
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_french_country_names_with_accents_sort_among_the_others(site_content, client):
    for code in ["EE", "EG", "ES", "DK"]:
        make_member(f"Member in {code}", code)
    assert country_headings(get(client, DIRECTORY["fr"])) == [
        "Danemark",
        "Égypte",
        "Espagne",
        "Estonie",
        "France",
        "Italie",
        "Royaume-Uni",
    ]


def test_a_second_page_for_one_country_is_refused_in_the_admin(site_content, admin_client):
    directory = MemberDirectoryPage.objects.get(locale__language_code="en")
    france = CountryPage.objects.get(locale__language_code="en", country="FR")
    data = country_page_form_data(france, [TEST_FACT])
    data["slug"] = "france-again"
    response = admin_client.post(f"/admin/pages/add/members/countrypage/{directory.pk}/", data)
    assert response.status_code == 200
    assert "This country has its page already." in response.content.decode()
    assert CountryPage.objects.filter(locale__language_code="en", country="FR").count() == 1
    # A new country is welcome, and its own page may be saved again.
    data.update(country="DE", slug="germany", title="Germany")
    response = admin_client.post(f"/admin/pages/add/members/countrypage/{directory.pk}/", data)
    assert response.status_code == 302
    response = admin_client.post(
        f"/admin/pages/{france.pk}/edit/", country_page_form_data(france, [TEST_FACT])
    )
    assert response.status_code == 302
