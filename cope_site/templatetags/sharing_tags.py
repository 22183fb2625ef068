from django import template

from cope_site import sharing

register = template.Library()


@register.simple_tag(takes_context=True)
def sharing_image(context, page=None):
    """The image `page` (or a page-less view) is shared with, at Open Graph's size."""
    return sharing.shared_images(context.get("request"), page or None)[0]


@register.simple_tag(takes_context=True)
def site_root_url(context, page=None):
    """The site's configured root URL, for absolute addresses of page-less views."""
    return sharing.site_root_url(context.get("request"), page or None)
