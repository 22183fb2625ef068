"""News articles of the kind 'publication' become publications.

Each such article's page changes type in place: the same page (same id, so every link
to it in rich text, the carousel or the navigation still leads to it), its revisions,
history, search entry and translations now a PublicationPage's, moved under the
publications index of its language (made here if there is none yet), with a
permanent redirect from its old news address. Its title, slug, date, summary, cover
(listing image), author, topics, body and SEO fields are kept; its related pages are
not (publications have none). Editors then add its files.

Done with the migration's own models: the tree is treebeard's materialised path, so a
page is placed by giving it the next free path under its new parent.
"""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder

from django.db import migrations
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect

# treebeard's path: 4 characters a level, in base 36.
STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode(number):
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP, "0")


def next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    return parent.path + encode(number)


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def publications_index(apps, home):
    """The publications index under `home`, made (live, 'Publications') if missing."""
    Page = apps.get_model("wagtailcore", "Page")
    PublicationIndexPage = apps.get_model("publications", "PublicationIndexPage")
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    index = PublicationIndexPage.objects.filter(pk__in=children.values("pk")).first()
    if index is not None:
        return index
    # The indexes of every language are translations of one another.
    other = PublicationIndexPage.objects.first()
    slug = "publications"
    while children.filter(slug=slug).exists():
        slug += "-library"
    now = timezone.now()
    index = PublicationIndexPage.objects.create(
        title="Publications",
        draft_title="Publications",
        slug=slug,
        content_type=content_type(apps, "publications", "publicationindexpage"),
        path=next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale_id=home.locale_id,
        translation_key=other.translation_key if other else uuid.uuid4(),
        intro="",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return index


def site_for(apps, home):
    """The Site whose root is `home` or one of its translations (None: every site)."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    roots = Page.objects.filter(translation_key=home.translation_key).values("pk")
    return Site.objects.filter(root_page__in=roots).first()


def as_publication(content, publication_type, slug):
    """A news article's serialised content (a revision's, a translation source's) as
    the publication's."""
    content = dict(content)
    content.update(
        content_type=publication_type.pk,
        publication_type="report",
        authors=content.pop("author", ""),
        slug=slug,
    )
    for key in ("kind", "related_pages"):
        content.pop(key, None)
    return content


def move_news_publications(apps, schema_editor):
    NewsPage = apps.get_model("news", "NewsPage")
    Page = apps.get_model("wagtailcore", "Page")
    PublicationPage = apps.get_model("publications", "PublicationPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    RedirectModel = apps.get_model("wagtailredirects", "Redirect")
    Locale = apps.get_model("wagtailcore", "Locale")

    news_topics = NewsPage._meta.get_field("topics").remote_field.through
    publication_topics = PublicationPage._meta.get_field("topics").remote_field.through
    news_type = content_type(apps, "news", "newspage")
    publication_type = content_type(apps, "publications", "publicationpage")
    for article in NewsPage.objects.filter(kind="publication").order_by("path"):
        page = Page.objects.get(pk=article.pk)
        old_parent = Page.objects.get(path=page.path[:-STEP])
        home = Page.objects.get(path=page.path[: 2 * STEP])
        index = publications_index(apps, home)
        language_code = Locale.objects.get(pk=page.locale_id).language_code
        old_path = f"/{language_code}/{page.url_path[len(home.url_path) :]}"

        slug = page.slug
        siblings = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        while siblings.filter(slug=slug).exists():
            slug += "-publication"
        index_row = Page.objects.get(pk=index.pk)
        Page.objects.filter(pk=page.pk).update(
            path=next_child_path(Page, index_row),
            depth=index_row.depth + 1,
            slug=slug,
            url_path=f"{index_row.url_path}{slug}/",
            content_type=publication_type,
        )
        Page.objects.filter(pk=index_row.pk).update(numchild=index_row.numchild + 1)
        Page.objects.filter(pk=old_parent.pk).update(numchild=max(old_parent.numchild - 1, 0))

        # The publication's own row beside the page's (raw: the page row is there).
        PublicationPage(
            page_ptr_id=page.pk,
            publication_type="report",
            date=article.date,
            authors=article.author,
            intro=article.intro,
            listing_image_id=article.listing_image_id,
            body=article.body,
        ).save_base(raw=True, force_insert=True)
        topic_ids = news_topics.objects.filter(newspage_id=page.pk).values_list(
            "topic_id", flat=True
        )
        publication_topics.objects.bulk_create(
            publication_topics(publicationpage_id=page.pk, topic_id=topic_id)
            for topic_id in topic_ids
        )
        # The article's row goes, with its topic links and related pages; the page stays.
        article.delete(keep_parents=True)

        object_id = str(page.pk)
        for revision in Revision.objects.filter(object_id=object_id, content_type=news_type):
            revision.content = as_publication(revision.content, publication_type, slug)
            revision.content_type = publication_type
            revision.save(update_fields=["content", "content_type"])
        PageLogEntry.objects.filter(page_id=page.pk, content_type=news_type).update(
            content_type=publication_type
        )
        ReferenceIndex.objects.filter(object_id=object_id, content_type=news_type).update(
            content_type=publication_type
        )
        IndexEntry.objects.filter(object_id=object_id, content_type=news_type).update(
            content_type=publication_type
        )
        for source in TranslationSource.objects.filter(
            object_id=page.translation_key,
            locale_id=page.locale_id,
            specific_content_type=news_type,
        ):
            content = as_publication(json.loads(source.content_json), publication_type, slug)
            source.content_json = json.dumps(content, cls=DjangoJSONEncoder)
            source.specific_content_type = publication_type
            source.save(update_fields=["content_json", "specific_content_type"])

        RedirectModel.objects.get_or_create(
            old_path=Redirect.normalise_path(old_path),
            site=site_for(apps, home),
            defaults={"redirect_page_id": page.pk, "is_permanent": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_publications_library"),
        ("news", "0004_topics_replace_tags"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(move_news_publications, migrations.RunPython.noop)]
