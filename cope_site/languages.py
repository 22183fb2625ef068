"""The site's languages: which language a request is in, and the two redirects.

Public pages live under a language prefix (`/en/…`, `/fr/…`, Django's `i18n_patterns`
in cope_site/urls.py); Wagtail routes them from the site's root page in that language.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from wagtail.models import Locale, Page

from .cache_headers import PRIVATE_PATH_PREFIXES, public_policy


def ensure_locales(**kwargs):
    """A Wagtail Locale for each of WAGTAIL_CONTENT_LANGUAGES, made after every migrate
    (cope_site/apps.py): Wagtail's own migration makes only the default language's, and
    adding a language is to be a settings line. Returns them all."""
    return [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    ]


class LanguageMiddleware:
    """Which language a request is in, as Django's LocaleMiddleware decides it for
    i18n_patterns, with the site's own rules for addresses without a language prefix:

    - A prefixed address (`/fr/…`) is in that language, whatever the browser says, so
      the edge cache may share it with everyone.
    - `/` goes to the home page in the language the visitor's browser prefers
      (Accept-Language). That answer depends on the visitor, so it is `private,
      no-store` and varies on Accept-Language: the edge never hands one visitor's
      redirect to another.
    - An address from before the site had languages (`/news/…`, `/webinars/…`) goes,
      permanently, to the same address under `/en/`: those pages were English. Only
      when nothing answered the old address (a 404), and after Wagtail's redirects,
      which sit inside this middleware, had their chance with editors' own.
    - Any other unprefixed address (the sitemap, manage links, an unknown path's 404) is
      in the default language, never the browser's: these answers are shared by the
      edge too, so they must not depend on a header it does not vary on. Views that
      speak to one person in their language (e-mails, manage pages) choose it
      themselves.

    Django's LocaleMiddleware is not used: for an unprefixed address it takes the
    browser's language and redirects any 404, also one a view gave at a valid address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = translation.get_language_from_path(request.path_info)
        translation.activate(prefixed or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        if request.path_info == "/":
            response = self.home_redirect(request)
        else:
            response = self.get_response(request)
            if response.status_code == 404 and not prefixed:
                response = self.old_address_redirect(request) or response
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def home_redirect(self, request):
        language = translation.get_language_from_request(request)
        response = HttpResponseRedirect(f"{get_script_prefix()}{language}/")
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        patch_cache_control(response, private=True, no_store=True)
        return response

    def old_address_redirect(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES):
            return None  # the admins and documents never had a public page's address
        if is_valid_path(request.path_info, urlconf):
            return None  # an unprefixed view (a manage link, a document) said 404 itself
        language_path = f"/{settings.LANGUAGE_CODE}{request.path_info}"
        needs_slash = False
        if not is_valid_path(language_path, urlconf):
            needs_slash = (
                settings.APPEND_SLASH
                and not language_path.endswith("/")
                and is_valid_path(f"{language_path}/", urlconf)
            )
            if not needs_slash:
                return None
        prefix = get_script_prefix()
        url = request.get_full_path(force_append_slash=needs_slash).replace(
            prefix, f"{prefix}{settings.LANGUAGE_CODE}/", 1
        )
        response = HttpResponsePermanentRedirect(url)
        # The same for everyone: the edge may keep it (purged with the rest of the site).
        patch_cache_control(response, **public_policy())
        return response


# Open Graph wants a territory too (ll_TT); a language without one here gets its own
# code twice (de_DE, nl_NL), which is right for most.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def og_locale(language_code):
    code = language_code.split("-")[0].lower()
    return OG_LOCALES.get(code, f"{code}_{code.upper()}")


def language_name(language_code):
    return dict(settings.LANGUAGES).get(language_code, language_code)


def live_translations(page):
    """{language code: the page's live translation}, the page itself included; one
    query. Translations are pages of their own: a view restriction or an unpublished
    translation is theirs alone."""
    return {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True)
        .live()
        .select_related("locale")
        .order_by()
    }


def localize_pages(pages, locale_id=None, *, specific=False, public=False):
    """{page id: the page's live translation in the locale (the active language's when
    `locale_id` is None), or the page itself when it has none}: one query whatever the
    number of pages (plus one per page type with `specific`), none when all of them are
    in that locale already.

    Links chosen in the admin point at one page, usually the English one: wagtail-
    localize leaves page links as they are, for the site to follow at run time."""
    pages = [page for page in pages if page is not None]
    others = [page for page in pages if locale_id is None or page.locale_id != locale_id]
    found = {}
    if others:
        translations = Page.objects.live().filter(
            translation_key__in={page.translation_key for page in others}
        )
        if locale_id is None:
            translations = translations.filter(locale__language_code=translation.get_language())
        else:
            translations = translations.filter(locale_id=locale_id)
        if public:
            translations = translations.public()
        if specific:
            translations = translations.specific()
        found = {page.translation_key: page for page in translations}
    return {page.pk: found.get(page.translation_key, page) for page in pages}


def page_locale_id(context):
    """The locale of the page being read (a template's or a block's parent context),
    or None where there is no page: the active language's then."""
    page = (context or {}).get("page")
    return page.locale_id if isinstance(page, Page) else None


def in_language(queryset, locale_id=None):
    """`queryset` (of pages or snippets) narrowed to one locale: `locale_id`, else the
    active language's (a join, no extra query)."""
    if locale_id is not None:
        return queryset.filter(locale_id=locale_id)
    return queryset.filter(locale__language_code=translation.get_language())
