"""Every page type the browser, accessibility and validity gates visit.

One line per page type: add the events pages (event index, event page, registration
form, thank-you, manage page) here when they exist, and every gate covers them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200

    @property
    def slug(self):
        return self.name.replace(" ", "-").replace("'", "")


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
    PageType("404", "/en/no-such-page/", status=404),
]

# The same page types in French: every gate that reads the page (axe, the Nu Html
# Checker, Lighthouse) runs on them too.
FRENCH_PAGE_TYPES = [
    PageType("French home", "/fr/"),
    PageType("French content page", "/fr/droits-de-l-enfant/"),
    PageType("French who we are", "/fr/qui-sommes-nous/"),
    PageType("French news index", "/fr/actualites/"),
    PageType("French news article", "/fr/actualites/game-with-mum-and-dad/"),
    PageType("French search results", "/fr/search/?q=enfants"),
    PageType("French event index", "/fr/webinaires/"),
    PageType("French event page", "/fr/webinaires/solutions-collaboratives/"),
    PageType("French registration form", "/fr/webinaires/solutions-collaboratives/register/"),
    PageType("French 404", "/fr/pas-de-page/", status=404),
]
PAGE_TYPES = ENGLISH_PAGE_TYPES + FRENCH_PAGE_TYPES

PAGE_IDS = [page_type.slug for page_type in PAGE_TYPES]
ENGLISH_PAGE_IDS = [page_type.slug for page_type in ENGLISH_PAGE_TYPES]

# The two sizes the issue names: a common Android phone and a laptop.
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
