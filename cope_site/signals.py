"""What purges the edge cache: anything visitors can see, changed anywhere.

A change an editor makes purges every site whole rather than a list of URLs: an
article's publish also changes the homepage, the news index with each of its filters
and page numbers, both feeds, the sitemap and any page that links to it, and a setting,
snippet or image can show on every page. Editors change things a few times a day; the
edge renders each page once more afterwards. Registrations purge their event's page
alone (events/signals.py). See docs/caching.md.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .edge import purge_all_sites

# Saving or deleting one of these changes what public pages show. A page row is saved
# on every draft (and autosave) too: pages purge on publish, unpublish, move and delete.
VISIBLE_MODELS = (
    PageViewRestriction,
    Site,
    Redirect,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    purge_all_sites()


@receiver(post_save)
@receiver(post_delete)
def content_saved_or_deleted(sender, instance, signal, **kwargs):
    deleted_page = signal is post_delete and isinstance(instance, Page)
    if deleted_page or isinstance(instance, VISIBLE_MODELS) or sender in get_snippet_models():
        purge_all_sites()
