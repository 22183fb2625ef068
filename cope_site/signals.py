"""What makes the page cache stale: anything visitors can see, changed anywhere.

One site-wide generation (see page_cache.py) rather than a list of URLs per change:
an article's publish also changes the homepage, the news index and its pages, the
feeds and any page linking to it, and a setting or snippet shows on every page.
Editors publish a few times a day; re-rendering after each is cheap.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .page_cache import invalidate_all, invalidate_sites

# A new view restriction must stop the public copy of a page being served at once.
VISIBLE_MODELS = (
    Page,
    PageViewRestriction,
    Site,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    invalidate_all()


@receiver(post_save)
@receiver(post_delete)
def content_saved_or_deleted(sender, instance, **kwargs):
    # Page saves include drafts of live pages (rare; a needless refresh is harmless)
    # and pages changed by code or a command without Wagtail's publish signals.
    if isinstance(instance, VISIBLE_MODELS) or sender in get_snippet_models():
        invalidate_all()


@receiver(post_save)
@receiver(post_delete)
def site_saved_or_deleted(sender, instance, **kwargs):
    """What each process keeps of sites (site_memo.py): the sites, their settings and
    the pages they are rooted at."""
    if isinstance(instance, (Site, BaseSiteSetting)) or (
        isinstance(instance, Page) and Site.objects.filter(root_page_id=instance.pk).exists()
    ):
        invalidate_sites()
