"""The editors' review workflow the initial content sets up for news and
publications: an editor writes an article and submits it; it stays off the site until
a moderator approves it in the admin, then it is published. Through Wagtail's own
admin views."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.initial_content import REVIEW_TASK, REVIEW_WORKFLOW
from news.models import NewsPage
from publications.models import PublicationIndexPage
from tests.conftest import sign_in_to_admin

TITLE = "Family days in Belgian prisons"


@pytest.fixture
def editor(site_content):
    """A member of Wagtail's Editors group: may write and submit, not publish."""
    user = get_user_model().objects.create_user("noor", "noor@cope.example", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    sign_in_to_admin(client, user)
    return client


@pytest.fixture
def reviewer(site_content):
    user = get_user_model().objects.create_user("ines", "ines@cope.example", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    sign_in_to_admin(client, user)
    return client


def article_form(action):
    return nested_form_data(
        {
            "title": TITLE,
            "slug": "family-days",
            "date": "2031-03-01",
            "kind": "news",
            "intro": "Children spend a whole day with their father or mother.",
            "body": streamfield([("paragraph", rich_text("<p>How the days work.</p>"))]),
            "related_pages": inline_formset([]),
            action: "1",
        }
    )


def test_news_and_publications_in_both_languages_go_through_the_review_workflow(site_content):
    publications = PublicationIndexPage.objects.filter(locale__language_code__in=["en", "fr"])
    assert publications.count() == 2
    for index in (site_content.news_index, site_content.fr.news_index, *publications):
        workflow = index.get_workflow()
        assert workflow.name == REVIEW_WORKFLOW
        assert [task.name for task in workflow.tasks] == [REVIEW_TASK]


def test_an_editor_submits_and_a_moderator_approves(site_content, editor, reviewer, client):
    add_url = f"/admin/pages/add/news/newspage/{site_content.news_index.pk}/"
    # An editor cannot publish: the button is not theirs, and a forged one does nothing.
    assert "action-publish" not in editor.get(add_url).content.decode()
    editor.post(add_url, article_form("action-publish"))
    assert not NewsPage.objects.filter(slug="family-days", live=True).exists()
    NewsPage.objects.filter(slug="family-days").delete()

    response = editor.post(add_url, article_form("action-submit"), follow=True)
    assert response.status_code == 200
    article = NewsPage.objects.get(slug="family-days")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == REVIEW_TASK
    assert not article.live
    assert TITLE not in client.get("/en/news/").content.decode()

    # The moderator sees it waiting for them on the dashboard, and approves it.
    assert TITLE in reviewer.get("/admin/").content.decode()
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    response = reviewer.post(approve, {"comment": "Checked the names with the family."})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TITLE in client.get("/en/news/").content.decode()


def test_an_editor_cannot_approve_their_own_article(site_content, editor):
    add_url = f"/admin/pages/add/news/newspage/{site_content.news_index.pk}/"
    editor.post(add_url, article_form("action-submit"))
    article = NewsPage.objects.get(slug="family-days")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    editor.post(approve, {})
    article.refresh_from_db()
    assert not article.live
