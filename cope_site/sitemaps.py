"""/sitemap.xml: every live, public page in each language it is published in, with
its translations as hreflang alternates."""

import operator
from collections import defaultdict
from functools import reduce

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    """Wagtail's sitemap over the site's root page in every language: the site's root
    page is the default language's home, and its translations, the other languages'
    homes, are its siblings, which Wagtail's own sitemap does not walk.

    Each entry lists the page's live, public translations (itself included) and
    x-default, the default language's, as the page's own <head> does
    (cope_site/templatetags/language_tags.py): search engines want the two to agree.
    A page published in one language only is listed once, in that language."""

    def pages(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = reduce(
            operator.or_, (Page.objects.descendant_of_q(root, inclusive=True) for root in roots)
        )
        return Page.objects.filter(in_any_tree).live().public()

    def items(self):
        return self.pages().order_by("path").defer_streamfields().specific()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        alternates = self.alternates_by_location()
        for url in urls:
            url["alternates"] = alternates.get(url["location"], [])
        return urls

    def alternates_by_location(self):
        """{a page's address: its hreflang alternates} for every page in the sitemap,
        from one query: Wagtail's entries give an address, not the page."""
        addresses = defaultdict(dict)  # translation key: {language code: address}
        for page in self.pages().select_related("locale").order_by():
            language_code = page.locale.language_code
            addresses[page.translation_key][language_code] = page.get_full_url(self.request)
        alternates = {}
        for by_language in addresses.values():
            links = [
                {"lang_code": code, "location": location}
                for code, location in sorted(by_language.items())
            ]
            if settings.LANGUAGE_CODE in by_language:
                links.append(
                    {"lang_code": "x-default", "location": by_language[settings.LANGUAGE_CODE]}
                )
            for location in by_language.values():
                alternates[location] = links
        return alternates
