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


PAGE_TYPES = [
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

PAGE_IDS = [page_type.slug for page_type in PAGE_TYPES]

# The two sizes the issue names: a common Android phone and a laptop.
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
