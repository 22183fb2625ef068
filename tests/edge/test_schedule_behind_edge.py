"""Scheduled publishing through Varnish: an article scheduled to go live appears, and
one set to expire disappears, on the next request after `manage.py publish_scheduled`
runs (the production timer, deploy/systemd/cope-publish-scheduled.timer), with the
lists updated too. The clock is moved forward for the command alone, as the timer
running later would see it. Needs PostgreSQL and varnishd."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from news.models import NewsPage
from tests.edge.test_site_behind_edge import LISTINGS, news_index, warm

pytestmark = pytest.mark.edge


def run_publish_scheduled_at(moment):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        call_command("publish_scheduled")


def test_a_scheduled_article_goes_live_at_the_edge_when_its_time_comes(site):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    article = NewsPage(title="Published on the hour", date="2030-01-01", go_live_at=go_live)
    news_index().add_child(instance=article)
    article.save_revision().publish()  # with a go-live time in the future: scheduled
    article.refresh_from_db()
    assert not article.live
    warm(site, *LISTINGS)
    assert site.get(article.url).status == 404

    run_publish_scheduled_at(go_live - datetime.timedelta(minutes=5))
    assert "Published on the hour" not in site.get("/en/news/").body

    run_publish_scheduled_at(go_live + datetime.timedelta(minutes=1))
    answer = site.get(article.url)
    assert answer.status == 200 and "Published on the hour" in answer.body
    for path in LISTINGS:
        assert "Published on the hour" in site.get(path).body, path


def test_an_article_past_its_expiry_is_gone_from_the_edge(site):
    expiry = timezone.now() + datetime.timedelta(hours=2)
    article = NewsPage(title="Open call, closes tonight", date="2030-01-01", expire_at=expiry)
    news_index().add_child(instance=article)
    article.save_revision().publish()
    warm(site, *LISTINGS, article.url)

    run_publish_scheduled_at(expiry + datetime.timedelta(minutes=1))
    assert site.get(article.url).status == 404
    for path in LISTINGS:
        assert "Open call, closes tonight" not in site.get(path).body, path
