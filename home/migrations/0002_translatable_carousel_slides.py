# Carousel slides become translatable with their homepage: each slide gets its
# homepage's locale, and a translation key shared with the slide at the same place on
# the original (default-language) homepage, so wagtail-localize pairs the existing copies.

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_slides_their_locale_and_key(apps, schema_editor):
    CarouselSlide = apps.get_model("home", "CarouselSlide")
    HomePage = apps.get_model("home", "HomePage")
    homes = list(HomePage.objects.order_by("pk"))
    originals = {}
    for home in homes:
        slides = list(CarouselSlide.objects.filter(home_page=home).order_by("sort_order", "pk"))
        keys = originals.setdefault(home.translation_key, [])
        for position, slide in enumerate(slides):
            if position == len(keys):
                keys.append(uuid.uuid4())
            slide.translation_key = keys[position]
            slide.locale_id = home.locale_id
            slide.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="carouselslide",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="carouselslide",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_slides_their_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="carouselslide",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="carouselslide",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="carouselslide",
            unique_together={("translation_key", "locale")},
        ),
    ]
