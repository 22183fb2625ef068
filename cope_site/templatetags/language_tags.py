"""The page's languages (switcher, hreflang alternates, og:locale) and links that
follow the reader's language."""

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Page

from cope_site.languages import (
    language_name,
    live_translations,
    localize_pages,
    og_locale,
    page_locale_id,
)
from cope_site.models import HeaderFooterTexts

register = template.Library()


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    translated: bool


@dataclass
class PageLanguages:
    links: list = field(default_factory=list)  # the switcher: one per language
    alternates: list = field(default_factory=list)  # (hreflang, absolute URL)
    og_locale: str = ""
    og_alternates: list = field(default_factory=list)


def home_url(language_code):
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def subpage_route(request, page):
    """The route of a routable page being read ('register/'), '' for the page itself:
    the same in every language, so the switcher keeps the reader on the same form."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or page is None or not hasattr(page, "reverse_subpage"):
        return ""
    return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs).lstrip("/")


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """Where each language leads from here: the page's translation, or for a language
    it has none in, the page that says so ("not translated yet"). A view that is not a
    page (search, 404) leads to the same view in the other language."""
    request = context.get("request")
    if not isinstance(page, Page):
        page = None  # a view's own "page" variable (a page of results, say)
    current = translation.get_language()
    languages = PageLanguages(og_locale=og_locale(current))
    translations = live_translations(page) if page is not None else {}
    route = subpage_route(request, page)
    for code, _name in settings.LANGUAGES:
        if page is not None:
            target = translations.get(code)
            if target is not None:
                url = target.get_url(request) + route
            else:
                with translation.override(code):
                    url = reverse("not_translated", args=[page.pk])
        else:
            target = None
            path = request.get_full_path() if request else ""
            url = translate_url(path, code) if path else ""
            if not url or (url == path and code != current):
                url = home_url(code)
        languages.links.append(
            LanguageLink(
                code=code,
                name=language_name(code),
                url=url,
                current=code == current,
                translated=page is None or target is not None,
            )
        )
    if page is not None:
        for code, target in sorted(translations.items()):
            full_url = target.get_full_url(request)
            if full_url:
                languages.alternates.append((code, full_url))
                if code != current:
                    languages.og_alternates.append(og_locale(code))
        default = translations.get(settings.LANGUAGE_CODE)
        if default is not None and languages.alternates:
            languages.alternates.append(("x-default", default.get_full_url(request)))
    return languages


@dataclass
class Link:
    href: str
    text: str
    page: object = None


def _link(value, pages, request):
    page = value.get("page")
    if page is not None:
        page = pages.get(page.pk, page)
        return Link(
            href=page.get_url(request) or "", text=value.get("label") or page.title, page=page
        )
    return Link(href=value.get("url") or "", text=value.get("label") or value.get("url") or "")


@register.simple_tag(takes_context=True)
def localized_link(context, value):
    """A LinkBlock value as the reader should follow it: a chosen page's translation in
    the language of the page being read, with its title unless the editor wrote a label.
    Page addresses come from Wagtail with the request (site root paths looked up once)."""
    request = context.get("request")
    page = value.get("page")
    pages = localize_pages([page], page_locale_id(context)) if page is not None else {}
    return _link(value, pages, request)


@register.simple_tag(takes_context=True)
def site_navigation(context, site_settings):
    """The header's and footer's words and links in the reader's language: the site's
    HeaderFooterTexts in the page's locale (else the default language's, one query),
    every chosen page's translation fetched in one query, and the privacy notice."""
    request = context.get("request")
    locale_id = page_locale_id(context)
    texts = HeaderFooterTexts.for_reader(site_settings.site_id, locale_id)
    main = [block.value for block in texts.main_navigation] if texts else []
    footer = [block.value for block in texts.footer_navigation] if texts else []
    privacy = site_settings.privacy_policy_page
    chosen = [value.get("page") for value in main + footer] + [privacy]
    pages = localize_pages(chosen, locale_id)
    return {
        "tagline": texts.tagline if texts else "",
        "funding_statement": texts.funding_statement if texts else "",
        "funding_disclaimer": texts.funding_disclaimer if texts else "",
        "main": [_link(value, pages, request) for value in main],
        "footer": [_link(value, pages, request) for value in footer],
        "privacy_url": pages[privacy.pk].get_url(request) if privacy is not None else "",
    }
