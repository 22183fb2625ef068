"""Each site's tagline and navigation, from its site settings into its header and
footer texts in the default language, from which editors translate them. Backwards,
the default language's copy goes back into the site settings."""

from django.conf import settings
from django.db import migrations


def move_to_header_footer_texts(apps, schema_editor):
    SiteSettings = apps.get_model("cope_site", "SiteSettings")
    HeaderFooterTexts = apps.get_model("cope_site", "HeaderFooterTexts")
    Locale = apps.get_model("wagtailcore", "Locale")
    default_locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for site_settings in SiteSettings.objects.all():
        HeaderFooterTexts.objects.update_or_create(
            site_id=site_settings.site_id,
            locale=default_locale,
            defaults={
                "tagline": site_settings.tagline,
                "main_navigation": list(site_settings.main_navigation.raw_data),
                "footer_navigation": list(site_settings.footer_navigation.raw_data),
            },
        )


def move_back_to_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("cope_site", "SiteSettings")
    HeaderFooterTexts = apps.get_model("cope_site", "HeaderFooterTexts")
    for texts in HeaderFooterTexts.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        site_settings = SiteSettings.objects.filter(site_id=texts.site_id).first()
        if site_settings is not None:
            site_settings.tagline = texts.tagline
            site_settings.main_navigation = list(texts.main_navigation.raw_data)
            site_settings.footer_navigation = list(texts.footer_navigation.raw_data)
            site_settings.save()

class Migration(migrations.Migration):
    dependencies = [
        ("cope_site", "0004_header_footer_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(move_to_header_footer_texts, move_back_to_site_settings),
    ]
