"""Bulk publish and unpublish from the page explorer, with a copy and an alias among the
selected pages, as an editor does it: the confirmation page, then its form."""

import pytest

from news.models import NewsPage

BULK = "/admin/bulk/wagtailcore/page/{action}/"


@pytest.fixture
def draft_with_copy_and_alias(site_content):
    index = site_content.news_index
    draft = NewsPage(title="Draft report", slug="draft-report", date="2026-11-01", live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    copy = draft.copy(update_attrs={"title": "Draft report (copy)", "slug": "draft-report-copy"})
    alias = draft.create_alias(parent=site_content.home, update_slug="draft-report-alias")
    return draft, copy, alias


def bulk(admin_client, action, pages, data=None):
    query = "&".join(f"id={page.pk}" for page in pages)
    url = f"{BULK.format(action=action)}?{query}&next=/admin/pages/"
    confirmation = admin_client.get(url)
    assert confirmation.status_code == 200
    return confirmation, admin_client.post(url, data or {})


def test_bulk_publish_with_an_alias_selected_publishes_the_others(
    draft_with_copy_and_alias, admin_client, client
):
    draft, copy, alias = draft_with_copy_and_alias
    confirmation, response = bulk(admin_client, "publish", [draft, copy, alias])
    assert "an alias" in confirmation.content.decode()
    assert response.status_code == 302
    for page in (draft, copy):
        page.refresh_from_db()
        assert page.live
        assert client.get(page.url).status_code == 200
    # The alias follows its original: published with it, not on its own.
    alias.refresh_from_db()
    assert alias.live


def test_bulk_unpublish_with_a_copy_and_an_alias_selected(
    draft_with_copy_and_alias, admin_client, client
):
    draft, copy, alias = draft_with_copy_and_alias
    bulk(admin_client, "publish", [draft, copy])
    for page in (draft, copy, alias):
        page.refresh_from_db()
    assert alias.live
    _confirmation, response = bulk(admin_client, "unpublish", [draft, copy, alias])
    assert response.status_code == 302
    for page in (draft, copy, alias):
        page.refresh_from_db()
        assert not page.live, page
        assert client.get(page.url).status_code == 404
