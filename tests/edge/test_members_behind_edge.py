"""The member directory and its country pages through Varnish: what an editor adds in
the admin (a member organisation, a figure on a country page) is on the directory and
the country page at once, in English and in French. Needs PostgreSQL and varnishd, as
test_site_behind_edge.py does."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from tests.conftest import sign_in_to_admin
from tests.edge.test_site_behind_edge import warm
from tests.test_members import (
    DIRECTORY,
    FRANCE,
    create_member_and_fact_in_the_admin,
    map_links,
    member_names,
    text,
)

pytestmark = pytest.mark.edge

PAGES = [DIRECTORY["en"], DIRECTORY["fr"], FRANCE["en"], FRANCE["fr"]]


def test_a_member_and_a_fact_added_in_the_admin_show_at_once_in_both_languages(site):
    warm(site, *PAGES, DIRECTORY["en"] + "?country=DE")
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    admin = Client()
    sign_in_to_admin(admin, editor)

    create_member_and_fact_in_the_admin(admin)

    for language, germany in [("en", "Germany"), ("fr", "Allemagne")]:
        answer = site.get(DIRECTORY[language])
        assert (answer.status, answer.cache) == (200, "MISS"), language
        assert "Treffpunkt" in member_names(answer.body)
        assert any(label.startswith(germany) for label in map_links(answer.body)), language
        country = site.get(FRANCE[language])
        assert country.cache == "MISS"
        assert "9,876" in text(country.body), language
    # A filtered address was kept too, and is dropped with the rest.
    assert "Treffpunkt" in member_names(site.get(DIRECTORY["en"] + "?country=DE").body)


def test_an_unpublished_member_leaves_every_page_at_once(site):
    from members.models import Member

    warm(site, *PAGES)
    member = Member.objects.get(locale__language_code="en", name="Relais Enfants Parents")
    member.unpublish()
    for path in PAGES:
        answer = site.get(path)
        assert answer.status == 200, path
        assert "Relais Enfants Parents" not in answer.body, path
