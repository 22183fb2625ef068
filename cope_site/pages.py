"""Page queries shared by the apps."""

from django.db.models import Q

from wagtail.models import PageViewRestriction

from .page_cache import memoise


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
