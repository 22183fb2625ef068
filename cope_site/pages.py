"""Page queries shared by the apps."""

import hashlib

from django.db.models import Q

from wagtail.models import PageViewRestriction

from .page_cache import keep, memoise, recall


def restricted_paths(request=None):
    """Tree paths of the pages with a view restriction (private sections).

    Kept until the next invalidation (saving or deleting a restriction is one), where
    Wagtail's `PageQuerySet.public()` loads them in a query of its own on every call.
    """
    return memoise(
        request,
        "view-restrictions",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public(pages, request=None):
    """`pages` without those in a private section: Wagtail's `public()`, the same test
    (the page or one above it is restricted) with the restrictions kept."""
    private = Q()
    for path in restricted_paths(request):
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages


class KeptViewRestrictions:
    """For page models: Wagtail checks a page's view restrictions (its own and its
    ancestors', aliases resolved) with two queries on every request. While the site has
    no restriction at all, which the kept restricted paths say, there is nothing to
    check; once it has one, Wagtail's own check runs."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class KeptRoutes:
    """For the site's root page model: which page each URL below it names, kept until
    the next invalidation (any publish, move or page save is one). Wagtail finds a page
    by walking the tree, a query or two per level; a kept route is one cache read.

    Only a URL that names a live page is kept, never a miss (a flood of made-up URLs
    stores nothing); a routable page's sub-URLs (an event's register/) and the page's
    view restrictions are still worked out on every request.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        path = "/".join(path_components) + "/"
        name = "route-" + hashlib.sha256(f"{self.pk}:{path}".encode()).hexdigest()
        page = recall(request, name)
        if page is not None:
            return page.route(request, [])
        result = super().route(request, path_components)
        found = result[0]  # RouteResult, or the (page, args, kwargs) of older code
        if found.url_path == self.url_path + path:
            keep(request, name, found)
        return result
