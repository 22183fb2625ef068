"""Every page type the browser, accessibility and validity gates visit, in each of
the site's languages.

One line per page type and language: add a page type here, in English and in French,
and every gate covers it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    language: str = "en"

    @property
    def slug(self):
        slug = self.name.replace(" ", "-").replace("'", "")
        return slug if self.language == "en" else f"{slug}-{self.language}"


ENGLISH_PAGE_TYPES = [
    PageType("home", "/en/"),
    PageType("content page", "/en/childrens-rights/"),
    PageType("who we are", "/en/who-we-are/"),
    PageType("news index", "/en/news/"),
    PageType("news article", "/en/news/game-with-mum-and-dad/"),
    PageType("search results", "/en/search/?q=children"),
    PageType("event index", "/en/webinars/"),
    PageType("event page", "/en/webinars/collaborative-solutions/"),
    PageType("registration form", "/en/webinars/collaborative-solutions/register/"),
    PageType("member directory", "/en/members/"),
    PageType("country page", "/en/members/united-kingdom/"),
    PageType("contact form", "/en/contact/"),
    PageType("membership form", "/en/become-a-member/"),
    PageType("404", "/en/no-such-page/", status=404),
    PageType("publication index", "/en/publications/"),
    PageType("publication page", "/en/publications/child-friendly-prison-visits-toolkit/"),
]

# The initial content's French pages (home/data/initial_content.fr.json).
FRENCH_PAGE_TYPES = [
    PageType("home", "/fr/", language="fr"),
    PageType("content page", "/fr/droits-de-l-enfant/", language="fr"),
    PageType("who we are", "/fr/qui-sommes-nous/", language="fr"),
    PageType("news index", "/fr/actualites/", language="fr"),
    PageType("news article", "/fr/actualites/game-with-mum-and-dad/", language="fr"),
    PageType("search results", "/fr/search/?q=enfants", language="fr"),
    PageType("event index", "/fr/webinaires/", language="fr"),
    PageType("event page", "/fr/webinaires/solutions-collaboratives/", language="fr"),
    PageType(
        "registration form", "/fr/webinaires/solutions-collaboratives/register/", language="fr"
    ),
    PageType("member directory", "/fr/membres/", language="fr"),
    PageType("country page", "/fr/membres/royaume-uni/", language="fr"),
    PageType("contact form", "/fr/contact/", language="fr"),
    PageType("membership form", "/fr/devenir-membre/", language="fr"),
    PageType("404", "/fr/page-introuvable/", status=404, language="fr"),
    PageType("publication index", "/fr/publications/", language="fr"),
    PageType(
        "publication page",
        "/fr/publications/visites-en-prison-adaptees-aux-enfants/",
        language="fr",
    ),
]

PAGE_TYPES = ENGLISH_PAGE_TYPES + FRENCH_PAGE_TYPES

# The browser gates take each page type in all its languages in one test: one load of
# the site's content for both (tests/browser/test_pages.py).
PAGE_TYPE_NAMES = [page_type.name for page_type in ENGLISH_PAGE_TYPES]
PAGE_IDS = [page_type.slug for page_type in ENGLISH_PAGE_TYPES]


def in_every_language(name):
    return [page_type for page_type in PAGE_TYPES if page_type.name == name]


# The two sizes the issue names: a common Android phone and a laptop.
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
