"""Page queries shared by the apps."""

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

    A URL a routable page answers below its own (an event's register/) keeps the page
    and the rest of the path, which the page routes again without a query. Only URLs
    that lead somewhere are kept, never a miss (made-up URLs store nothing), and a page's
    view restrictions are still checked on every request.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        path = "/".join(path_components) + "/"
        name = f"route:{self.pk}:{path}"
        kept = recall(request, name)
        if kept is not None:
            page, rest = kept
            return page.route(request, rest)
        result = super().route(request, path_components)
        page = result[0]  # RouteResult, or the (page, args, kwargs) of older code
        # Pages below this one only: a kept route to this page would route here again.
        below = page.pk != self.pk and page.url_path.startswith(self.url_path)
        own_path = page.url_path[len(self.url_path) :]
        if below and path.startswith(own_path):
            rest = [part for part in path[len(own_path) :].split("/") if part]
            keep(request, name, (page, rest))
        return result
