from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def link_href(context, link):
    """Where a LinkBlock value points. A page's address comes from Wagtail with the
    request, which keeps the site root paths for the rest of the request instead of
    looking them up again for every link."""
    page = link.get("page")
    if page:
        return page.get_url(context.get("request"))
    return link.get("url") or ""
