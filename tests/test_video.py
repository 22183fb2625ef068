"""The video block: a talk or recording from YouTube or Vimeo that loads nothing from
the video host until the visitor plays it, and the content-security policy that lets
that host's player in only on the pages with a video."""

import re

from wagtail.models import Page

import pytest

from home.blocks import VideoBlock, video_source

WATCH_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.mark.parametrize(
    ("url", "source"),
    [
        (WATCH_URL, ("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=30", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload", None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
        ("https://vimeo.com/channels/staffpicks", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_only_youtube_and_vimeo_addresses_are_taken(url, source):
    assert video_source(url) == source


def video(url=WATCH_URL, title="Children's rights in prison visits", transcript=None):
    block = VideoBlock()
    return block, block.to_python(
        {
            "url": url,
            "title": title,
            "poster": None,
            "transcript": transcript or {"page": None, "url": "", "label": ""},
        }
    )


def test_an_address_from_another_host_is_a_clear_error_for_the_editor():
    from django.core.exceptions import ValidationError

    block, value = video(url="https://videos.example.org/talk.mp4")
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "YouTube or Vimeo" in str(error.value.block_errors["url"])


def add_video(page, **fields):
    page.body.append(("video", video(**fields)[1]))
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def content_page(site_content):
    return Page.objects.get(slug="childrens-rights", locale__language_code="en").specific


def frame_sources(response):
    policy = response["Content-Security-Policy"]
    match = re.search(r"frame-src ([^;]*)", policy)
    return match.group(1).split() if match else []


def test_the_page_shows_a_link_and_loads_nothing_from_the_video_host(site_content, client):
    page = add_video(
        content_page(site_content),
        transcript={"page": None, "url": "https://cope.example/transcript", "label": "the talk"},
    )
    html = client.get(page.url).content.decode()
    figure = html[
        html.index('<figure class="video') : html.index(
            "</figure>", html.index('<figure class="video')
        )
    ]
    assert f'<a class="video__play" href="{WATCH_URL}">' in figure
    assert "Play “Children&#x27;s rights in prison visits” (on YouTube)" in figure
    assert f'data-player-url="{PLAYER}"' in figure
    assert '<a href="https://cope.example/transcript">Transcript: the talk</a>' in figure
    # Nothing that a browser would fetch from the host: no frame, script or image.
    assert "<iframe" not in html
    fetched = re.findall(r'<(?:script|img|iframe|link|source)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert not [url for url in fetched if "youtube" in url]


def test_only_pages_with_a_video_let_its_player_in(site_content, client):
    page = add_video(content_page(site_content))
    assert frame_sources(client.get(page.url)) == ["https://www.youtube-nocookie.com"]
    for other in ["/en/", "/en/who-we-are/", "/en/news/"]:
        response = client.get(other)
        assert frame_sources(response) == [], other
        assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "page_of",
    [
        lambda: Page.objects.get(slug="annual-report-2025").specific,
        lambda: Page.objects.get(slug="united-kingdom", locale__language_code="en").specific,
    ],
    ids=["publication", "country page"],
)
def test_every_page_type_with_a_body_lets_its_video_in(site_content, client, page_of):
    page = add_video(page_of())
    assert frame_sources(client.get(page.url)) == ["https://www.youtube-nocookie.com"]


def test_a_vimeo_video_lets_in_vimeo_only(site_content, client):
    page = add_video(content_page(site_content), url="https://vimeo.com/76979871")
    response = client.get(page.url)
    assert frame_sources(response) == ["https://player.vimeo.com"]
    assert 'data-player-url="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1"' in (
        response.content.decode()
    )
    # The rest of the policy stays as strict as everywhere else.
    assert "script-src 'self'" in response["Content-Security-Policy"]
