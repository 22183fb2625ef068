from django import template

register = template.Library()


@register.simple_tag
def breadcrumb_ancestors(page):
    """The page's ancestors from the site's home page down, for the breadcrumb trail.

    Walks up with get_parent() rather than get_ancestors(): Wagtail's routing keeps each
    parent it passed through on the page it reached, so a served page's trail costs no
    query (another page's costs one per level)."""
    trail = []
    ancestor = page.get_parent()
    while ancestor is not None and ancestor.depth >= 2:
        trail.append(ancestor)
        ancestor = ancestor.get_parent() if ancestor.depth > 2 else None
    trail.reverse()
    return trail
