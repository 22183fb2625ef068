# Topics: the subjects news, events and publications are filed under, translatable.

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cope_site', '0006_remove_sitesettings_texts'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='Topic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('slug', models.SlugField(help_text='Used in the address of filtered lists, e.g. ?topic=prison-visits.', max_length=80, verbose_name='slug')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'topic',
                'verbose_name_plural': 'topics',
                'ordering': ['name'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('slug', 'locale'), name='one_topic_slug_per_language')],
                'unique_together': {('translation_key', 'locale')},
            },
        ),
    ]
