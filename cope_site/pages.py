"""Page queries shared by the apps."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def public(pages):
    """Wagtail's `PageQuerySet.public()`, asked inside the listing's own query.

    Wagtail's version first loads every view restriction in a query of its own, on each
    call; this asks the database the same question (is the page, or any page above it,
    restricted?) as a subquery: a restriction applies when its page's tree path is the
    start of this page's path.
    """
    restricted = PageViewRestriction.objects.annotate(
        path_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(path_prefix=F("page__path"))
    return pages.exclude(Exists(restricted))
