"""The data step of the migrations that replaced the news and event tags (taggit) by
topics (cope_site.Topic), in one place for both apps."""

import uuid

from django.conf import settings


def tags_to_topics(app_label, page_model, tagged_item_model):
    """A RunPython function: each tag on a `page_model` becomes the default language's
    topic of the same name and slug (made once), linked to the same pages."""

    def forwards(apps, schema_editor):
        Topic = apps.get_model("cope_site", "Topic")
        Locale = apps.get_model("wagtailcore", "Locale")
        TaggedItem = apps.get_model(app_label, tagged_item_model)
        links = apps.get_model(app_label, page_model)._meta.get_field("topics").remote_field.through
        page_column = f"{page_model.lower()}_id"
        default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        for item in TaggedItem.objects.select_related("tag").order_by("pk"):
            topic, _made = Topic.objects.get_or_create(
                locale=default,
                slug=item.tag.slug[:80],
                defaults={"name": item.tag.name[:80], "translation_key": uuid.uuid4()},
            )
            links.objects.get_or_create(**{page_column: item.content_object_id, "topic": topic})

    return forwards
