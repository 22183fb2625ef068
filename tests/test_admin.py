import re

from django.contrib.auth import get_user_model

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from tests.conftest import load_site_content, make_topics, sign_in_to_admin


class EditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        load_site_content()
        cls.home = HomePage.objects.get(locale__language_code="en")
        cls.news_index = NewsIndexPage.objects.get(locale__language_code="en")
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        sign_in_to_admin(self.client, self.editor)

    def test_editor_creates_a_news_article_that_shows_on_the_site(self):
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            {
                **nested_form_data(
                    {
                        "title": "Visiting rooms that welcome children",
                        "slug": "visiting-rooms",
                        "date": "2031-02-03",
                        "kind": "publication",
                        "intro": "A new guide for prison staff.",
                        "body": streamfield([("paragraph", rich_text("<p>The guide's text.</p>"))]),
                        "related_pages": inline_formset([]),
                        "action-publish": "publish",
                    }
                ),
                # Ticked boxes: one value each under the field's name.
                "topics": [topic.pk for topic in make_topics("visits", "design")],
            },
        )
        article = NewsPage.objects.get(slug="visiting-rooms")
        self.assertTrue(article.live)
        self.assertEqual(sorted(topic.slug for topic in article.topics.all()), ["design", "visits"])
        self.client.logout()
        self.assertContains(self.client.get("/en/"), "Visiting rooms that welcome children")
        self.assertContains(
            self.client.get("/en/news/?kind=publication"), "A new guide for prison staff."
        )

    def test_editor_reorders_carousel_slides_in_the_admin(self):
        edit_url = f"/admin/pages/{self.home.pk}/edit/"
        response = self.client.get(edit_url)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        slides = list(self.home.carousel_slides.order_by("sort_order"))
        # As the admin's drag handles do: each slide keeps its form, its ORDER changes.
        new_positions = {slides[2].pk: 1, slides[0].pk: 2, slides[1].pk: 3}
        body = form.initial["body"]
        post = nested_form_data(
            {
                "title": self.home.title,
                "slug": self.home.slug,
                "carousel_interval": 8,
                "carousel_slides": inline_formset(
                    [
                        {
                            "id": slide.pk,
                            "link_page": slide.link_page_id,
                            "link_url": "",
                            "heading": "",
                            "summary": "",
                            "image": "",
                            "ORDER": new_positions[slide.pk],
                        }
                        for slide in slides
                    ],
                    initial=3,
                ),
                "action-publish": "publish",
            }
        )
        # The body goes back exactly as stored, so only the slide order changes.
        post.update(_stream_post_data(body))
        response = self.client.post(edit_url, post)
        self.assertEqual(response.status_code, 302, _form_errors(response))
        self.client.logout()
        html = self.client.get("/en/").content.decode()
        headings = re.findall(r'class="carousel__heading"><a href="[^"]*">([^<]*)</a>', html)
        self.assertEqual(
            headings,
            [
                "COPE submission to General Comment 27 on Access to Justice",
                "Collaborative solutions: how schools and prisons can join hands to support "
                "children with imprisoned parents",
                "How does &#x27;Game with Mum &amp; Dad&#x27; strive to embed child safeguarding "
                "within prisons?",
            ],
        )

    def test_slide_needs_a_page_or_an_address(self):
        edit_url = f"/admin/pages/{self.home.pk}/edit/"
        post = nested_form_data(
            {
                "title": self.home.title,
                "slug": self.home.slug,
                "carousel_interval": 8,
                "carousel_slides": inline_formset(
                    [{"link_page": "", "link_url": "", "heading": "", "summary": "", "image": ""}]
                ),
                "body": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(edit_url, post)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choose a page or enter an external address, not both.")
        self.assertEqual(self.home.carousel_slides.count(), 3)

    def test_admin_pages_an_editor_uses_render(self):
        for url in [
            "/admin/",
            f"/admin/pages/{self.home.pk}/edit/",
            f"/admin/pages/{self.news_index.pk}/",
            f"/admin/settings/cope_site/sitesettings/{self.home.get_site().pk}/",
            f"/admin/pages/add/news/newspage/{self.news_index.pk}/",
        ]:
            self.assertEqual(self.client.get(url).status_code, 200, url)


def _form_errors(response):
    form = response.context and response.context.get("form")
    return form.errors.as_text() if form else response.status_code


def _stream_post_data(stream_value):
    """Re-post a StreamField exactly as stored, through Wagtail's own form encoding."""
    block = HomePage.body.field.stream_block
    data = {}
    prefix = "body"
    raw = stream_value.get_prep_value()
    data[f"{prefix}-count"] = len(raw)
    for index, child in enumerate(raw):
        child_block = block.child_blocks[child["type"]]
        data[f"{prefix}-{index}-type"] = child["type"]
        data[f"{prefix}-{index}-id"] = child["id"]
        data[f"{prefix}-{index}-deleted"] = ""
        data[f"{prefix}-{index}-order"] = index
        data.update(
            _block_post_data(
                child_block, child_block.to_python(child["value"]), f"{prefix}-{index}-value"
            )
        )
    return data


def _block_post_data(block, value, prefix):
    from wagtail import blocks

    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data.update(_block_post_data(child_block, value[name], f"{prefix}-{name}"))
        return data
    if isinstance(block, blocks.ListBlock):
        data = {f"{prefix}-count": len(value)}
        for index, item in enumerate(value):
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = index
            data[f"{prefix}-{index}-id"] = ""
            data.update(_block_post_data(block.child_block, item, f"{prefix}-{index}-value"))
        return data
    if isinstance(block, blocks.PageChooserBlock):
        return {prefix: value.pk if isinstance(value, Page) else (value or "")}
    if isinstance(block, blocks.RichTextBlock):
        return {prefix: block.get_form_state(value)}
    return {prefix: "" if value is None else value}
