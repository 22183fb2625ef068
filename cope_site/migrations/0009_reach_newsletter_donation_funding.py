# Newsletter and donation addresses (site settings) and the funding statement (header and footer texts).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cope_site', '0008_topic_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='headerfootertexts',
            name='funding_disclaimer',
            field=models.TextField(blank=True, help_text="The funder's disclaimer, in small print under the statement.", max_length=600, verbose_name='funding disclaimer'),
        ),
        migrations.AddField(
            model_name='headerfootertexts',
            name='funding_statement',
            field=models.CharField(blank=True, help_text="Shown in the footer beside the EU emblem, in the funder's required words, e.g. 'Co-funded by the European Union'. Empty: no emblem and no statement.", max_length=120, verbose_name='funding statement'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='donation_url',
            field=models.URLField(blank=True, help_text="The donation provider's page. Linked from the footer and usable in call-to-action blocks; nothing of the provider's is loaded on our pages.", verbose_name='donation address'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='newsletter_url',
            field=models.URLField(blank=True, help_text="The newsletter provider's sign-up page. Linked from the footer and usable in call-to-action blocks; nothing of the provider's is loaded on our pages.", verbose_name='newsletter sign-up address'),
        ),
    ]
