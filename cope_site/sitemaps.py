"""The sitemap: every live, public page in every language, each listing its
translations as hreflang alternates (as the pages' own <link rel="alternate"> do)."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PagesInEveryLanguage(Sitemap):
    def pages(self):
        """Live, public pages under the site's root page or any of its translations
        (the French tree hangs from the French homepage, beside the English one)."""
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return Page.objects.live().public().filter(under_a_root).order_by("path")

    def items(self):
        return self.pages().defer_streamfields().specific()

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        # One more query, for all the pages at once: each address's translations.
        key_of, addresses = {}, defaultdict(dict)
        for item in self.pages().select_related("locale"):
            address = item.get_full_url(self.request)
            key_of[address] = item.translation_key
            addresses[item.translation_key][item.locale.language_code] = address
        for url in urls:
            translations = addresses[key_of.get(url["location"])]
            if len(translations) < 2:
                continue
            url["alternates"] = [
                {"lang_code": code, "location": address} for code, address in translations.items()
            ]
            if settings.LANGUAGE_CODE in translations:
                url["alternates"].append(
                    {"lang_code": "x-default", "location": translations[settings.LANGUAGE_CODE]}
                )
        return urls
