"""COPE's member directory for a new site: the directory under each homepage, a few
country pages and member organisations, from members/data/members.json, and their
French from members.fr.json, made through wagtail-localize as home/initial_content.py
makes the other pages'. Idempotent in the same way: what exists is left as editors made
it (a page by its slug under its parent, a member by its name)."""

import json
from pathlib import Path

from django.conf import settings

from wagtail.models import Locale

from wagtail_localize.models import TranslationSource

from cope_site.models import HeaderFooterTexts
from home.initial_content import (
    content_translations,
    ensure_child,
    translate_object,
    translate_page,
)

from .models import CountryPage, Member, MemberDirectoryPage

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_member_data(language_code=None):
    name = f"members.{language_code}.json" if language_code else "members.json"
    path = DATA_DIR / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def load_member_content(home):
    """Under the default language's `home`; returns what it made, as the other loaders'
    titles."""
    data = load_member_data()
    created = []
    directory, made = ensure_child(
        home,
        MemberDirectoryPage,
        data["directory"]["slug"],
        title=data["directory"]["title"],
        intro=data["directory"]["intro"],
    )
    created += [directory.title] if made else []
    if made:
        created += link_from_the_footer(home, directory)
    country_pages = []
    for country in data["countries"]:
        page, made = ensure_child(
            directory,
            CountryPage,
            country["slug"],
            title=country["title"],
            country=country["country"],
            intro=country["intro"],
        )
        created += [page.title] if made else []
        country_pages.append(page)

    members = []
    for fields in data["members"]:
        member = Member.objects.filter(locale=home.locale, name=fields["name"]).first()
        if member is None:
            member = Member(locale=home.locale, **fields)
            member.save()
            member.save_revision().publish()
            created.append(member.name)
        members.append(member)

    for locale in Locale.objects.exclude(language_code=settings.LANGUAGE_CODE):
        translated_data = load_member_data(locale.language_code)
        if translated_data is None:
            continue
        texts = content_translations(data, translated_data)
        for page in [directory, *country_pages]:
            if page.get_parent().has_translation(locale):
                translated = translate_page(page, locale, texts)
                if translated is not None:
                    created.append(f"{translated.title} ({locale.language_code})")
        for member in members:
            if translate_object(member, locale, texts) is not None:
                created.append(f"{member.name} ({locale.language_code})")
    return created


def link_from_the_footer(home, directory):
    """A new directory gets a link in the footer, in every language: appended to the
    default language's footer links (its label empty: the page's title in the reader's
    language), the translations synced as 'Sync translated snippets' would. Done only
    when the directory is made, so a link editors removed stays removed."""
    texts = HeaderFooterTexts.objects.filter(site__root_page=home, locale=home.locale).first()
    if texts is None:
        return []
    links = list(texts.footer_navigation.raw_data)
    links.append({"type": "link", "value": {"page": directory.pk, "url": "", "label": ""}})
    texts.footer_navigation = links
    texts.save()
    source, _created = TranslationSource.update_or_create_from_instance(texts)
    for translation in source.translations.all():
        translation.save_target(publish=True)
    return ["footer link to the member directory"]
