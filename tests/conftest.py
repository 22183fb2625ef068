import base64
import hashlib
import io
import os
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

import pytest
from PIL import Image as PillowImage

from cope_site.languages import ensure_locales
from cope_site.models import Topic
from home.initial_content import load_initial_content
from home.models import AboutPage, HomePage
from news.models import NewsIndexPage, NewsPage

# Sync Playwright drives the browser from the test thread while live_server runs Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def empty_cache():
    """Wagtail's site root paths cached by one test must not show in the next one,
    whose database starts afresh."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request under /fr/ leaves French active in the test's thread (the language
    middleware activates a request's language and, like Django's, never resets it):
    the next test's lazy texts would read French."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def nothing_cached(settings):
    """Django's cache off: not even Wagtail's site root paths are kept between calls."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def skip_or_fail(reason):
    """Skip with a reason on a developer's machine; under CI, a missing service fails."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def ensure_wagtail_root():
    """Transactional tests flush the database, which removes the rows Wagtail's
    migrations made (root page, locales, root collection); put them back."""
    ensure_locales()
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


class SiteContent:
    """The pages `load_initial_content` builds, by role, in one language (English by
    default; `.fr` has the French ones)."""

    def __init__(self, language_code="en"):
        in_language = {"locale__language_code": language_code}
        self.language_code = language_code
        self.home = HomePage.objects.get(**in_language)
        self.about = AboutPage.objects.get(**in_language)
        self.news_index = NewsIndexPage.objects.get(**in_language)
        self.articles = list(NewsPage.objects.filter(**in_language).order_by("-date"))
        self.site = Site.objects.get(is_default_site=True)

    @property
    def fr(self):
        return SiteContent("fr")


def load_site_content():
    """COPE's starting site, in both languages."""
    ensure_wagtail_root()
    load_initial_content()


class SharedSiteContent:
    """COPE's starting site built once for a run of consecutive tests that only read and
    roll back (`site_content` in one transaction, not flushing), in a transaction of its
    own: each test's transaction nests in it as a savepoint, as tests do in a Django
    TestCase's class-wide setUpTestData. Rolled back before any other test runs, so those
    start from the empty database as before. Building the site takes seconds; about 240
    tests read it."""

    def __init__(self):
        self.django_db_blocker = None  # until the test database exists
        self.wanted = False
        self.transaction = None

    @property
    def built(self):
        return self.transaction is not None

    def prepare_for(self, item):
        """Before the test's fixtures: the shared site for a test that reads it, else
        none."""
        self.wanted = reads_shared_site_content(item)
        if not self.wanted:
            self.roll_back()
        elif self.django_db_blocker is not None:
            self.build()

    def build(self):
        if self.built:
            return
        with self.django_db_blocker.unblock():
            self.transaction = transaction.atomic()
            self.transaction.__enter__()
            load_site_content()

    def roll_back(self):
        if not self.built:
            return
        try:
            with self.django_db_blocker.unblock():
                transaction.set_rollback(True)
                self.transaction.__exit__(None, None, None)
        finally:  # one failure here must not fail every test after it
            self.transaction = None


# This process's (an xdist worker has a database of its own).
SHARED_SITE_CONTENT = SharedSiteContent()


def reads_shared_site_content(item):
    """Not a test with Playwright: once it has started, a test's queries no longer see
    the shared site's transaction (they run on another database connection), so those
    tests build their own."""
    fixtures = getattr(item, "fixturenames", ())
    return (
        "site_content" in fixtures
        and "playwright" not in fixtures
        and not flushes_the_database(item)
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SHARED_SITE_CONTENT.prepare_for(item)


@pytest.fixture(scope="session")
def shared_site_content(django_db_setup, django_db_blocker):
    SHARED_SITE_CONTENT.django_db_blocker = django_db_blocker
    if SHARED_SITE_CONTENT.wanted:  # the first reader: before its own fixtures too
        SHARED_SITE_CONTENT.build()
    yield SHARED_SITE_CONTENT
    SHARED_SITE_CONTENT.roll_back()
    SHARED_SITE_CONTENT.django_db_blocker = None


@pytest.fixture
def site_content(shared_site_content, db):
    if not shared_site_content.built:  # a test that flushes the database
        load_site_content()
    return SiteContent()


@pytest.fixture
def live_site_content(transactional_db):
    load_site_content()
    return SiteContent()


def make_image(title="Test image", size=(1200, 800), colour=(29, 53, 87)):
    """An image made here with Pillow: tests never fetch one."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="test.jpg")
    )


def make_topics(*slugs):
    """The default language's topics with these slugs (made when missing), as an editor
    makes them under Snippets › Topics."""
    return [
        Topic.objects.get_or_create(
            locale=Locale.get_default(),
            slug=slug,
            defaults={"name": slug.replace("-", " ").capitalize()},
        )[0]
        for slug in slugs
    ]


def add_article(index, title, **fields):
    article = NewsPage(title=title, **fields)
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


# Inline <script> elements that are code: not external (src=) and not JSON-LD data.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>(.*?)</script>", re.S
)


def assert_nothing_inline_the_policy_blocks(response, url=""):
    """The strict CSP runs an inline script only if it lists the script's hash, and no
    inline style or event handler at all: anything else would silently not work."""
    html = response.content.decode()
    allowed = set(re.findall(r"'(sha256-[^']+)'", response["Content-Security-Policy"]))
    for code in INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"sha256-{digest}" in allowed, (url, code)
    assert not re.search(r"<style\b", html), url
    assert not re.search(r'\sstyle="', html), url
    assert not re.search(r"\son[a-z]+=", html), url


def flushes_the_database(item):
    from django.test import TestCase, TransactionTestCase

    test_class = getattr(item, "cls", None)
    if test_class and issubclass(test_class, TransactionTestCase):
        return not issubclass(test_class, TestCase)
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests in one transaction first (those reading the shared site together, so it is
    built once), then those that flush the database (live servers), as pytest-django
    orders them. Done again last: pytest groups tests by a
    session-scoped parameter (the browser's name), which pulled a flushing browser test
    ahead of tests that need the rows Wagtail's migrations made (root collection, Site)."""

    from django.test import TransactionTestCase

    def uses_the_database(item):
        test_class = getattr(item, "cls", None)
        return (
            (test_class and issubclass(test_class, TransactionTestCase))
            or item.get_closest_marker("django_db")
            or "db" in getattr(item, "fixturenames", ())
        )

    def order(item):
        if flushes_the_database(item):
            return 2
        if reads_shared_site_content(item):
            return 0  # together: the shared site is built once (SharedSiteContent)
        return 1 if uses_the_database(item) else 3

    items.sort(key=order)


# The code `sign_in_to_admin` gives a test's staff account as a backup code.
TEST_BACKUP_CODE = "testcode"


def sign_in_to_admin(client, user):
    """Sign `user` in as staff do, with the second factor their role needs: the
    password step is skipped (force_login), the code step is taken through the
    verify page with a backup code (django-otp's static device) made here."""
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.token_set.get_or_create(token=TEST_BACKUP_CODE)
    response = client.post("/admin/two-factor/verify/", {"code": TEST_BACKUP_CODE})
    assert response.status_code == 302, "the test's backup code was refused"
    return user


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's superuser client, signed in with the second factor too."""
    from django.test import Client

    client = Client()
    sign_in_to_admin(client, admin_user)
    return client


@pytest.fixture
def moderator(site_content):
    """A member of Wagtail's Moderators group: the editors who publish (the Editors
    group may translate too, but its pages go to moderation)."""
    user = get_user_model().objects.create_user(
        "camille", "camille@cope.example", "pw", first_name="Camille", last_name="Martin"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor_client(client, moderator):
    sign_in_to_admin(client, moderator)
    return client
