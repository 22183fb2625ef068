from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .sitemaps import PagesInEveryLanguage

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own: a shared link to a replaced file leads to the new one.
    path(
        "documents/<int:document_id>/<str:document_filename>",
        views.serve_document,
        name="serve_document",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("registrations/", include("events.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PagesInEveryLanguage}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz/", views.health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What visitors read, under its language: /en/…, /fr/… (the default language too, so
# every page has one address per language). `/` and the addresses from before the site
# had languages redirect here (cope_site/languages.py). The admin, documents, manage
# links, sitemap, robots.txt and security.txt stay where they are: one for all languages.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Wagtail's own paths start with an underscore too (_util/): no page slug is shadowed.
    path("_not-translated/<int:page_id>/", views.not_translated, name="not_translated"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "cope_site.views.bad_request"
handler404 = "cope_site.views.page_not_found"
handler500 = "cope_site.views.server_error"
