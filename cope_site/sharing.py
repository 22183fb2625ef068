"""The image and absolute addresses a page is shared with (Open Graph, JSON-LD).

Absolute addresses start from the Site's configured root URL (Wagtail's Site record),
never from the request's Host header: the edge cache keeps a page for everyone, so a
page first rendered through another host name (an internal name, the bare domain) must
not send that name to every later visitor.
"""

import json
from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.safestring import mark_safe

from wagtail.models import Site

DEFAULT_SHARING_IMAGE = "images/sharing-default.png"
# Open Graph's recommended size; the default image is drawn at it.
SHARING_WIDTH, SHARING_HEIGHT = 1200, 630
SHARING_RENDITION = f"fill-{SHARING_WIDTH}x{SHARING_HEIGHT}|format-jpeg"


@dataclass(frozen=True)
class SharedImage:
    url: str
    width: int
    height: int
    alt: str


def site_root_url(request=None, page=None):
    """The configured root URL ("https://www.example.org") of the page's site, or of
    the site serving the request when there is no page."""
    # get_url_parts is None for a page outside every site (say, a preview).
    url_parts = page.get_url_parts(request) if page is not None else None
    if url_parts and url_parts[1]:
        return url_parts[1]
    site = Site.find_for_request(request) if request is not None else default_site()
    return site.root_url if site else ""


def default_site():
    return Site.objects.filter(is_default_site=True).first()


def absolute_url(url, root_url):
    """`url` as an absolute address; storage backends may already give one."""
    if url.startswith(("http://", "https://")):
        return url
    return root_url + url


def site_settings(request=None, page=None):
    from .models import SiteSettings

    if request is not None:
        return SiteSettings.for_request(request)
    site = page.get_site() if page is not None else None
    return SiteSettings.for_site(site or default_site())


def sharing_image_source(page=None, settings=None):
    """The Wagtail image a page is shared with: its listing image, else the site's
    sharing image; None means the project's default file."""
    image = getattr(page, "listing_image", None)
    if image is None and settings is not None:
        image = settings.sharing_image
    return image


def shared_images(request=None, page=None, filter_specs=(SHARING_RENDITION,)):
    """One SharedImage per filter spec (the default file, when no image is chosen,
    exists once in its own size)."""
    root_url = site_root_url(request, page)
    settings = site_settings(request, page)
    image = sharing_image_source(page, settings)
    if image is None:
        return [
            SharedImage(
                url=absolute_url(static(DEFAULT_SHARING_IMAGE), root_url),
                width=SHARING_WIDTH,
                height=SHARING_HEIGHT,
                alt=settings.organisation_name,
            )
        ]
    renditions = image.get_renditions(*filter_specs)
    return [
        SharedImage(
            url=absolute_url(renditions[spec].url, root_url),
            width=renditions[spec].width,
            height=renditions[spec].height,
            alt=image.default_alt_text,
        )
        for spec in filter_specs
    ]


# Google's structured-data guidelines ask for 16x9, 4x3 and 1x1 images.
STRUCTURED_DATA_RENDITIONS = (
    "fill-1200x675|format-jpeg",
    "fill-1200x900|format-jpeg",
    "fill-1200x1200|format-jpeg",
)


def structured_data_images(request=None, page=None):
    return [image.url for image in shared_images(request, page, STRUCTURED_DATA_RENDITIONS)]


def organisation_data(request=None, page=None):
    """schema.org Organization for the site's organisation (site settings)."""
    return {
        "@type": "Organization",
        "name": site_settings(request, page).organisation_name,
        "url": site_root_url(request, page) + "/",
    }


def json_ld(data):
    """JSON for a <script type="application/ld+json"> that cannot close its element,
    escaped as Django's json_script does (which writes type="application/json")."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(  # noqa: S308 (escaped here)
        text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    )
