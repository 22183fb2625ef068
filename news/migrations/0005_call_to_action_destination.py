# The call-to-action block can lead to the newsletter sign-up or the donation page of site settings.

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0004_topics_replace_tags'),
    ]

    operations = [
        migrations.AlterField(
            model_name='newspage',
            name='body',
            field=wagtail.fields.StreamField([('section', 6), ('paragraph', 7), ('image', 10), ('quote', 13), ('quotes', 16), ('call_to_action', 20)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.RichTextBlock', (), {'features': ['h3', 'h4', 'bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'label': 'Text'}), 2: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 3: ('wagtail.blocks.URLBlock', (), {'label': 'External address', 'required': False}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': "Leave empty to use the page's title.", 'label': 'Label', 'max_length': 60, 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('page', 2), ('url', 3), ('label', 4)]], {'help_text': 'Optional: where visitors can read more about this section.', 'label': 'Read more link'}), 6: ('wagtail.blocks.StructBlock', [[('heading', 0), ('body', 1), ('link', 5)]], {}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['h3', 'h4', 'bold', 'italic', 'link', 'document-link', 'ol', 'ul'], 'icon': 'pilcrow', 'label': 'Text', 'template': 'home/blocks/paragraph.html'}), 8: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image'}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('image', 8), ('caption', 9)]], {}), 11: ('wagtail.blocks.TextBlock', (), {'label': 'Words quoted', 'max_length': 600}), 12: ('wagtail.blocks.CharBlock', (), {'help_text': "Who said it, e.g. 'a child, aged 9'. Leave empty to keep it anonymous.", 'label': 'Attribution', 'max_length': 120, 'required': False}), 13: ('wagtail.blocks.StructBlock', [[('quote', 11), ('attribution', 12)]], {}), 14: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional; screen-reader users hear it before the quotes.', 'label': 'Heading', 'max_length': 120, 'required': False}), 15: ('wagtail.blocks.ListBlock', (13,), {'label': 'Quotes', 'min_num': 1}), 16: ('wagtail.blocks.StructBlock', [[('heading', 14), ('quotes', 15)]], {}), 17: ('wagtail.blocks.TextBlock', (), {'label': 'Text', 'max_length': 400, 'required': False}), 18: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('link', 'The page or address below'), ('newsletter', 'The newsletter sign-up (site settings)'), ('donation', 'The donation page (site settings)')], 'help_text': 'The newsletter and donation addresses are set once, in Settings › Site settings.', 'label': 'The button leads to'}), 19: ('wagtail.blocks.StructBlock', [[('page', 2), ('url', 3), ('label', 4)]], {'help_text': 'For the newsletter or donations, only the label (optional) is used.', 'label': 'Button'}), 20: ('wagtail.blocks.StructBlock', [[('heading', 0), ('text', 17), ('destination', 18), ('link', 19)]], {})}),
        ),
    ]
