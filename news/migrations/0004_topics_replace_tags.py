# Tags (taggit) give way to topics (cope_site.Topic), named in each language; the
# tags on existing newspages become topics first.

import cope_site.models
import modelcluster.fields
from django.db import migrations

from cope_site.topic_migration import tags_to_topics


class Migration(migrations.Migration):

    dependencies = [
        ('cope_site', '0007_topic'),
        ('news', '0003_article_author'),
    ]

    operations = [
        migrations.AddField(
            model_name='newspage',
            name='topics',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, limit_choices_to=cope_site.models.default_language_topics, related_name='+', to='cope_site.topic', verbose_name='topics'),
        ),
        migrations.RunPython(
            tags_to_topics("news", "NewsPage", "NewsPageTag"), migrations.RunPython.noop
        ),
        migrations.RemoveField(
            model_name='newspage',
            name='tags',
        ),
        migrations.DeleteModel(
            name='NewsPageTag',
        ),
    ]
