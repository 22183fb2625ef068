"""An editor's main tasks, done in the real admin in Chromium with the admin's own forms,
choosers and dialogs; after each, what an anonymous visitor then gets from the site.

The visitor reads pages with urllib: no cookies, no session, as anyone on the internet.
Any 5xx answer the editor's browser receives fails the test.
"""

import datetime
import re
import urllib.error
import urllib.request
from html import unescape

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from cope_site.models import HeaderFooterTexts
from news.models import NewsPage
from tests.conftest import TEST_BACKUP_CODE, make_image

pytestmark = pytest.mark.browser

PASSWORD = "an-editor's-password"


class Editor:
    """The editor's browser tab, signed in to the admin."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.server_errors = []
        page.on("response", self._on_response)

    def _on_response(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def open(self, path):
        self.page.goto(self.base_url + path)

    def sign_in(self, username):
        self.open("/admin/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        # The second step superusers must take (accounts/): a backup code.
        self.page.get_by_label("Code").fill(TEST_BACKUP_CODE)
        self.page.get_by_role("button", name="Continue").click()
        expect(self.page).to_have_url(self.base_url + "/admin/")

    def choose_in_modal(self, choice_selector):
        modal = self.page.locator(".modal-dialog")
        modal.locator(choice_selector).first.click()
        expect(modal).to_be_hidden()

    def publish(self, wait_after=True):
        self.page.get_by_role("button", name="More actions").click()
        publish = self.page.get_by_role("button", name="Publish", exact=True)
        publish.click(no_wait_after=not wait_after)

    def status_panel_button(self, name):
        """A button of the edit view's status side panel, opening the panel if needed."""
        button = self.page.get_by_role("button", name=name)
        if not button.is_visible():
            self.page.get_by_role("button", name="Toggle status").click()
        return button

    def expect_message(self, text):
        expect(self.page.locator(".messages")).to_contain_text(text)


@pytest.fixture
def editor(live_site_content, live_server, page):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    StaticDevice.objects.create(user=user, name="Backup codes").token_set.create(
        token=TEST_BACKUP_CODE
    )
    tab = Editor(page, live_server.url)
    tab.sign_in("editor")
    yield tab
    assert not tab.server_errors, tab.server_errors


@pytest.fixture
def visitor(live_server):
    """An anonymous visitor's GET: (status, page text with entities decoded)."""

    def visit(path):
        try:
            with urllib.request.urlopen(live_server.url + path, timeout=10) as response:
                return response.status, unescape(response.read().decode())
        except urllib.error.HTTPError as error:
            return error.code, unescape(error.read().decode())

    return visit


def test_editor_publishes_an_article_with_image_topic_and_related_page_right_after_a_chooser(
    editor, visitor, live_site_content
):
    """Wagtail 8's autosave posts the create form just after a change; a Publish sent
    in that moment used to race it and be lost (issue 15). Here the network holds every
    post to the create view and lets the autosave through first, the order that broke."""
    make_image("Children drawing")
    news_index = live_site_content.news_index
    about = live_site_content.about
    held, released = [], []

    def hold_create_posts(route):
        if route.request.method == "POST" and not released:
            held.append(route)
        else:
            route.continue_()

    page = editor.page
    page.route(f"**/admin/pages/add/news/newspage/{news_index.pk}/", hold_create_posts)
    editor.open(f"/admin/pages/add/news/newspage/{news_index.pk}/")
    # As a person would: the form's scripts are ready before the first keystroke (the
    # changes made earlier would count as the form's starting point, not as changes).
    page.wait_for_load_state("networkidle")
    page.get_by_placeholder("Page title*").fill("Families visit on Sundays")
    page.get_by_role("textbox", name="Intro").fill("Visiting hours for children, every Sunday.")
    page.get_by_role("checkbox", name="Prison visits").check()
    page.get_by_role("button", name="Choose an image").click()
    editor.choose_in_modal("a.image-choice")
    page.get_by_role("button", name="Add Related page").click()
    page.get_by_role("button", name="Choose a page").click()
    modal = page.locator(".modal-dialog")
    modal.locator(f"a.navigate-pages[href*='/choose-page/{live_site_content.home.pk}/']").click()
    editor.choose_in_modal(f"a.choose-page[data-id='{about.pk}']")

    # The autosave after the last choice is on its way; the editor publishes at once.
    for _ in range(50):
        if any(r.request.headers.get("accept") == "application/json" for r in held):
            break
        page.wait_for_timeout(100)
    assert held, "no autosave was sent"
    editor.publish(wait_after=False)  # its post may be held too
    page.wait_for_timeout(300)
    autosave = next(r for r in held if r.request.headers.get("accept") == "application/json")
    autosave.continue_()
    page.wait_for_timeout(500)
    released.append(True)
    for route in held:
        if route is not autosave:
            route.continue_()

    # Published by the edit view of the page the autosave created, or by the create view.
    editor.expect_message(
        re.compile(r"'Families visit on Sundays' (created and|has been) published")
    )
    (article,) = NewsPage.objects.filter(title="Families visit on Sundays")
    assert article.live and not article.has_unpublished_changes

    status, listing = visitor("/en/news/")
    assert status == 200 and "Families visit on Sundays" in listing
    status, html = visitor(article.url)
    assert status == 200
    assert "Visiting hours for children, every Sunday." in html
    assert ">Prison visits</a>" in html  # the topic
    assert f'href="{about.url}"' in html  # the related page
    assert "/media/images/" in html  # the listing image, as its rendition


def test_editor_reorders_the_carousel_and_edits_the_footer_texts(
    editor, visitor, live_site_content
):
    home = live_site_content.home
    first, second = [slide.link_page.title for slide in home.carousel_slides.all()[:2]]
    page = editor.page
    editor.open(f"/admin/pages/{home.pk}/edit/")
    page.locator("#inline_child_carousel_slides-0 [data-inline-panel-child-move-down]").click()
    editor.publish()
    editor.expect_message("has been published")
    _status, html = visitor("/en/")
    assert html.index(second) < html.index(first)

    # The footer's words are the English copy of the header and footer texts snippet.
    texts = HeaderFooterTexts.objects.get(locale__language_code="en")
    editor.open(f"/admin/snippets/cope_site/headerfootertexts/edit/{texts.pk}/")
    page.get_by_role("textbox", name="Tagline").fill(
        "Every child keeps the bond with their parent."
    )
    page.get_by_role("button", name="Save").click()
    editor.expect_message("updated")
    for path in ("/en/", "/en/news/", live_site_content.about.url):
        _status, html = visitor(path)
        assert "Every child keeps the bond with their parent." in html, path
    # The French footer keeps its own words until the translation is synced.
    _status, html = visitor("/fr/")
    assert "Every child keeps the bond with their parent." not in html


def test_editor_restricts_a_page_and_its_words_leave_every_public_page(
    editor, visitor, live_site_content
):
    about = live_site_content.about
    words = about.vision
    _status, html = visitor("/en/")
    assert words in html

    editor.open(f"/admin/pages/{about.pk}/edit/")
    editor.status_panel_button("Change privacy").click()
    dialog = editor.page.get_by_role("dialog")
    dialog.get_by_label("Private, accessible to any logged-in users").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    assert PageViewRestriction.objects.filter(page=about).exists()

    status, _html = visitor(about.url)
    assert status == 302 or "/login/" in _html
    for path in ("/en/", "/en/news/", "/en/search/?q=" + words.split()[0], "/sitemap.xml"):
        status, html = visitor(path)
        assert status == 200, path
        assert words not in html, path


def test_editor_schedules_an_article_that_appears_when_its_time_comes(
    editor, visitor, live_site_content
):
    article = live_site_content.articles[0]
    article.unpublish()
    page = editor.page
    editor.open(f"/admin/pages/{article.pk}/edit/")
    go_live = timezone.localtime() + datetime.timedelta(days=1)
    editor.status_panel_button("Set schedule").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Go live date/time").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The field's date picker can stay over the button (Playwright then waits for ever
    # to click it); the button's own click event is what a mouse click would send.
    dialog.get_by_role("button", name="Save schedule").dispatch_event("click")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Schedule to publish").click()
    editor.expect_message("has been scheduled for publishing")

    assert visitor(article.url)[0] == 404
    assert article.title not in visitor("/en/news/")[1]

    # A day later, the scheduler (cron's `publish_scheduled`) runs.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: tomorrow)
        call_command("publish_scheduled")
    assert visitor(article.url)[0] == 200
    assert article.title in visitor("/en/news/")[1]


def test_editor_bulk_publishes_and_unpublishes_with_a_copy_and_an_alias_selected(
    editor, visitor, live_site_content
):
    news_index = live_site_content.news_index
    draft = NewsPage(title="Draft report", slug="draft-report", date="2026-11-01", live=False)
    news_index.add_child(instance=draft)
    draft.save_revision()
    copy = draft.copy(update_attrs={"title": "Draft report (copy)", "slug": "draft-report-copy"})
    alias = draft.create_alias(update_slug="draft-report-alias")
    page = editor.page

    def bulk(action, pages, confirm):
        editor.open(f"/admin/pages/{news_index.pk}/")
        for selected in pages:
            page.locator(
                f"input[data-bulk-action-checkbox][data-object-id='{selected.pk}']"
            ).check()
        page.get_by_role("link", name=f"{action} selected pages", exact=True).click()
        page.get_by_role("button", name=confirm).click()

    bulk("Publish", [draft, copy, alias], "Yes, publish")
    editor.expect_message("2 pages have been published")
    for published in (draft, copy, alias):
        published.refresh_from_db()
        assert visitor(published.url)[0] == 200, published
    assert "Draft report (copy)" in visitor("/en/news/")[1]

    bulk("Unpublish", [draft, copy, alias], "Yes, unpublish")
    editor.expect_message("have been unpublished")
    for unpublished in (draft, copy, alias):
        assert visitor(unpublished.url)[0] == 404, unpublished
    assert "Draft report" not in visitor("/en/news/")[1]


def test_editor_reverts_an_article_to_an_earlier_revision(editor, visitor, live_site_content):
    article = live_site_content.articles[0]
    original_title = article.title
    first_revision = article.latest_revision
    article.title = "A title nobody wanted"
    article.save_revision().publish()
    assert "A title nobody wanted" in visitor(article.url)[1]

    page = editor.page
    editor.open(f"/admin/pages/{article.pk}/revisions/{first_revision.pk}/revert/")
    expect(page.get_by_placeholder("Page title*")).to_have_value(original_title)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish this version").click()
    editor.expect_message("has been published")
    status, html = visitor(article.url)
    assert status == 200 and original_title in html and "A title nobody wanted" not in html
    assert Page.objects.get(pk=article.pk).title == original_title


def test_the_content_checks_flag_vague_link_text(editor, live_site_content):
    """Wagtail's accessibility checker, with the site's link text and missing alt text
    rules: a 'click here' link and an image without alternative text in the editor's
    text are named in the userbar the editor sees on the page, and
    only the page's content is checked (not the header and footer, theirs to leave)."""
    page = Page.objects.get(slug="childrens-rights", locale__language_code="en").specific
    page.body.append(
        ("paragraph", '<p>Our toolkit: <a href="https://example.org/t">click here</a>.</p>')
    )
    # An image pasted in without any alternative text.
    page.body.append(("paragraph", '<p><img src="/static/images/panel-family.svg"></p>'))
    page.save_revision().publish()
    tab = editor.page
    editor.open(page.url)
    userbar = tab.locator("wagtail-userbar")
    expect(userbar.locator("[data-w-userbar-axe-count]")).to_have_text("2")
    userbar.get_by_role("button").first.click()
    userbar.get_by_role("menuitem", name=re.compile("Issues found")).click()
    results = userbar.get_by_role("dialog")
    expect(results).to_contain_text("Link text says nothing on its own")
    expect(results).to_contain_text("Say where the link leads")
    expect(results).to_contain_text("Image without alternative text")
