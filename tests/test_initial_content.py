import io

from django.core.management import call_command

from wagtail.models import Page

from home.models import HomePage


def test_loader_builds_cope_homepage_content(site_content, client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Who we are" in html
    assert "Our vision" in html
    assert "That every child be guaranteed fair, unbiased treatment" in html
    assert "Our mission" in html
    assert "To safeguard the social, political and judicial inclusion" in html
    assert "Children&#x27;s rights" in html
    assert "Convention on the Rights of the Child" in html
    for words in (
        "It was short but beautiful",
        "I wish we could play outside together",
        "I wish visits were longer",
    ):
        assert words in html


def test_running_the_loader_twice_changes_nothing(site_content):
    pages_before = Page.objects.count()
    revisions_before = sum(page.revisions.count() for page in Page.objects.all())
    call_command("load_initial_content", stdout=io.StringIO())
    assert Page.objects.count() == pages_before
    assert sum(page.revisions.count() for page in Page.objects.all()) == revisions_before
    assert HomePage.objects.get(locale__language_code="en").carousel_slides.count() == 3


def test_loader_keeps_editors_changes(site_content):
    about = site_content.about
    about.vision = "A vision an editor rewrote."
    about.save_revision().publish()
    call_command("load_initial_content", stdout=io.StringIO())
    about.refresh_from_db()
    assert about.vision == "A vision an editor rewrote."


def test_loader_builds_the_member_directory_in_both_languages(site_content, client):
    from members.models import CountryPage, Member

    for directory, countries in [
        ("/en/members/", ["France", "Italy", "United Kingdom"]),
        ("/fr/membres/", ["France", "Italie", "Royaume-Uni"]),
    ]:
        html = client.get(directory).content.decode()
        for name in countries:
            assert f">{name}</h3>" in html, (directory, name)
        assert "Bambinisenzasbarre" in html
    assert Member.objects.filter(locale__language_code="fr").count() == 4
    french = Member.objects.get(locale__language_code="fr", name="Bambinisenzasbarre")
    assert french.description.startswith("Association italienne")
    assert client.get("/fr/membres/royaume-uni/").status_code == 200
    # No figure without a published source: the starting country pages have none.
    assert not any(page.facts for page in CountryPage.objects.all())


def test_running_the_loader_again_keeps_the_members_as_they_are(site_content):
    from members.models import Member

    member = Member.objects.get(locale__language_code="en", name="Families Outside")
    member.description = "An editor's words."
    member.save_revision().publish()
    before = Member.objects.count()
    call_command("load_initial_content", stdout=io.StringIO())
    assert Member.objects.count() == before
    member.refresh_from_db()
    assert member.description == "An editor's words."


def test_the_footer_links_to_the_member_directory_in_both_languages(site_content, client):
    import re

    for home, directory, title in [
        ("/en/", "/en/members/", "Our members"),
        ("/fr/", "/fr/membres/", "Nos membres"),
    ]:
        html = client.get(home).content.decode()
        footer = html[html.index("<footer") :]
        assert re.search(rf'<a href="{directory}"[^>]*>{title}</a>', footer), home
