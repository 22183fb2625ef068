"""Builds COPE's starting site from home/data/initial_content.json, and its
translations from home/data/initial_content.<language>.json (French today).

Idempotent: a page that already exists (found by its slug under its parent) is left as
the editors made it, and so is a page that has its translation already, so running the
loader again changes nothing.

Translations are made through wagtail-localize, as a translator's would be: the page is
submitted for translation, each of its strings gets its translation, and the
translation is published. Editors then find them in the admin like any other, marked
out of date when the English changes.
"""

import datetime
import json
import re
import uuid
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask

from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from contact.models import FormField, FormPage
from cope_site.languages import ensure_locales
from cope_site.models import HeaderFooterTexts, SiteSettings, Topic
from events.models import EventIndexPage, EventKind, EventPage
from news.models import NewsIndexPage, NewsPage
from publications.initial_content import ensure_publications

from .models import AboutPage, CarouselSlide, HomePage, StandardPage

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "initial_content.json"
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def load_content_data(language_code=None):
    """The starting content, or its translation into `language_code` (None when there
    is no data file for that language)."""
    path = DATA_DIR / f"initial_content.{language_code}.json" if language_code else DATA_FILE
    if language_code and not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def content_translations(english, translated, where="data"):
    """{English text: its translation}, pairing each text of the translated data file
    with the English one at the same place (body HTML paragraph by paragraph). Keys
    starting with "_" are notes, not content."""
    pairs = {}
    if isinstance(translated, dict):
        for key, value in translated.items():
            if not key.startswith("_"):
                if not isinstance(english, dict) or key not in english:
                    raise ImproperlyConfigured(f"{where}.{key} is not in the English data")
                pairs.update(content_translations(english[key], value, f"{where}.{key}"))
    elif isinstance(translated, list):
        if not isinstance(english, list) or len(english) != len(translated):
            raise ImproperlyConfigured(f"{where} differs in length from the English data")
        for number, (source, value) in enumerate(zip(english, translated, strict=True)):
            pairs.update(content_translations(source, value, f"{where}[{number}]"))
    elif isinstance(translated, str):
        sources, values = PARAGRAPH.findall(english), PARAGRAPH.findall(translated)
        if not sources:
            sources, values = [english], [translated]
        if len(sources) != len(values):
            raise ImproperlyConfigured(f"{where} has another number of paragraphs")
        for source, value in zip(sources, values, strict=True):
            if pairs.get(source, value) != value:
                raise ImproperlyConfigured(f"{where}: two translations of {source!r}")
            pairs[source] = value
    return pairs


def translate_page(page, locale, texts):
    """Make `page`'s translation into `locale` through wagtail-localize and publish it:
    submitted for translation, every string translated from `texts`, then saved and
    published. Returns the translation, or None when the
    page has one already (left as it is) or has a string the data file does not
    translate (editors changed it: theirs to translate in the admin)."""
    translated = translate_object(page, locale, texts)
    if translated is not None:
        translated.get_latest_revision().publish()
    return translated


def translate_object(instance, locale, texts):
    """`instance`'s translation into `locale` (a page, saved as a draft, or a snippet),
    made through wagtail-localize from `texts`; None as translate_page says."""
    if instance.has_translation(locale):
        return None
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    segments = list(source.stringsegment_set.select_related("string", "context"))
    translated = {}
    for segment in segments:
        text = StringValue(segment.string.data).render_text()
        if text not in texts:
            return None
        translated[segment.pk] = StringValue.from_plaintext(texts[text]).data
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": translated[segment.pk],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    # As the translation editor's Publish does, but at once: wagtail-localize publishes
    # after the commit, and this whole load is one transaction, at whose end the stale
    # copy of a parent published then would undo the children added under it since.
    # A page's translation is saved as a draft here (translate_page publishes it); a
    # snippet's has no drafts.
    translation.save_target(publish=not isinstance(instance, Page))
    return instance.get_translation(locale)


def translate_pages(pages, data, snippets=()):
    """Each page's translation into every content language with a data file, parents
    before children (a page whose parent has no translation waits for editors too),
    then each snippet's (header and footer texts, topics); returns the titles made."""
    created = []
    for locale in ensure_locales():
        if locale.language_code == django_settings.LANGUAGE_CODE:
            continue
        translated_data = load_content_data(locale.language_code)
        if translated_data is None:
            continue
        texts = content_translations(data, translated_data)
        for page in pages:
            parent = page.get_parent()
            if parent.depth > 1 and not parent.has_translation(locale):
                continue
            translated = translate_page(page, locale, texts)
            if translated is not None:
                created.append(f"{translated.title} ({locale.language_code})")
        for snippet in snippets:
            translated = translate_object(snippet, locale, texts)
            if translated is not None:
                created.append(f"{translated} ({locale.language_code})")
    return created


REVIEW_WORKFLOW = "Review before publishing"
REVIEW_TASK = "Approval by a moderator"


def ensure_review_workflow(sections):
    """What editors write under `sections` (news, publications, in every language)
    goes to a moderator before it is published: Wagtail's workflow, one approval step by
    the Moderators group. Left alone once it exists: editors may change it in Settings ›
    Workflows."""
    workflow, made = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if made:
        task, _made = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
        task.groups.set(Group.objects.filter(name="Moderators"))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for section in sections:
        WorkflowPage.objects.get_or_create(page=section, defaults={"workflow": workflow})
    return made


def ensure_child(parent, model, slug, **fields):
    """Return the child page with this slug, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_home_page(data):
    """The site's root becomes a HomePage; Wagtail's 'Welcome' placeholder goes."""
    home = HomePage.objects.filter(locale__language_code=django_settings.LANGUAGE_CODE).first()
    if home is not None:
        return home, False
    root = Page.get_first_root_node()
    home = HomePage(title=data["home"]["title"], slug=data["home"]["slug"], **_seo(data["home"]))
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    # Links in e-mails and feeds use the site's address: take it from the configured
    # base URL so that a development copy links to its own server.
    base_url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.root_page = home
    site.site_name = data["site"]["organisation_name"]
    site.save()
    for placeholder in (
        root.get_children()
        .exclude(pk=home.pk)
        .filter(content_type__model="page", content_type__app_label="wagtailcore")
    ):
        if not placeholder.get_children().exists():
            placeholder.delete()
    return home, True


def _seo(page_data):
    return {"search_description": page_data.get("search_description", "")}


def _rich_text(html):
    return {"type": "paragraph", "value": html}


def home_body(data, about, childrens_rights, call_to_action_page):
    sections = data["sections"]
    return [
        {
            "type": "section",
            "value": {
                "heading": sections["who_we_are_heading"],
                "body": f"<p>{data['about']['intro']}</p>",
                "link": {"page": about.pk, "url": "", "label": ""},
            },
        },
        {"type": "mission_vision", "value": {"page": about.pk}},
        {
            "type": "section",
            "value": {
                "heading": sections["childrens_rights_heading"],
                "body": f"<p>{data['childrens_rights']['intro']}</p>",
                "link": {"page": childrens_rights.pk, "url": "", "label": ""},
            },
        },
        {
            "type": "quotes",
            "value": {
                "heading": sections["quotes_heading"],
                # In ListBlock's own format (with ids): wagtail-localize offers a list's
                # items for translation only in that format, else copies them untranslated.
                "quotes": [
                    {
                        "type": "item",
                        "value": {"quote": words, "attribution": ""},
                        "id": str(uuid.uuid4()),
                    }
                    for words in data["quotes"]
                ],
            },
        },
        {
            "type": "latest_news",
            "value": {"heading": sections["latest_news_heading"], "count": 3, "kind": ""},
        },
        {
            "type": "latest_publications",
            "value": {"heading": sections["latest_publications_heading"], "count": 3},
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": sections["call_to_action"]["heading"],
                "text": sections["call_to_action"]["text"],
                "link": {
                    "page": call_to_action_page.pk,
                    "url": "",
                    "label": sections["call_to_action"]["label"],
                },
            },
        },
    ]


def ensure_webinar_page(data, home):
    """'Webinars and events' and COPE's next webinar, a real event open for registration.

    The webinar is placed 30 days after the first load, at 14:00 in Brussels, so a fresh
    copy of the site always has an upcoming event to register for.
    """
    placeholders = _placeholder_webinar_pages(home, data)
    webinars, _made = ensure_child(
        home,
        EventIndexPage,
        data["webinars"]["slug"],
        title=data["webinars"]["title"],
        intro=data["webinars"]["intro"],
    )
    webinar_data = data["webinar"]
    start = _webinar_start(webinar_data)
    webinar, _made = ensure_child(
        webinars,
        EventPage,
        webinar_data["slug"],
        title=webinar_data["title"],
        intro=webinar_data["intro"],
        kind=EventKind.WEBINAR,
        start=start,
        end=start + datetime.timedelta(minutes=webinar_data["duration_minutes"]),
        time_zone=webinar_data["time_zone"],
        online_platform=webinar_data["online_platform"],
        languages=webinar_data["languages"],
        capacity=webinar_data["capacity"],
        waitlist_enabled=True,
    )
    if placeholders:
        _replace_placeholders(placeholders, {"index": webinars, "webinar": webinar})
    return webinars, webinar


def _webinar_start(webinar_data):
    zone = zoneinfo.ZoneInfo(webinar_data["time_zone"])
    day = timezone.localdate(timezone=zone) + datetime.timedelta(days=webinar_data["days_ahead"])
    hour, minute = (int(part) for part in webinar_data["local_time"].split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def ensure_form_page(home, form_data):
    """The contact form or the membership application (contact/): a form page with
    its fields, thank-you text and staff address."""
    return ensure_child(
        home,
        FormPage,
        form_data["slug"],
        title=form_data["title"],
        intro=form_data["intro"],
        thank_you_text=form_data["thank_you_html"],
        subject=form_data["subject"],
        to_address=form_data["to_address"],
        show_in_menus=False,
        form_fields=[
            FormField(
                sort_order=position,
                label=field["label"],
                field_type=field["field_type"],
                required=field["required"],
                help_text=field["help_text"],
                choices=field.get("choices", ""),
            )
            for position, field in enumerate(form_data["fields"])
        ],
    )


def _placeholder_webinar_pages(home, data):
    """Sites loaded before events existed have content pages standing in for the
    webinar. Move them aside (so the slug is free) and return them for replacement."""
    index = (
        home.get_children()
        .filter(slug=data["webinars"]["slug"])
        .exclude(content_type=ContentType.objects.get_for_model(EventIndexPage))
        .first()
    )
    if index is None:
        return {}
    webinar = index.get_children().filter(slug=data["webinar"]["slug"]).first()
    index.slug = f"{index.slug}-placeholder"
    index.save(update_fields=["slug", "url_path"])
    return {"index": index, "webinar": webinar}


def _replace_placeholders(placeholders, replacements):
    """Point carousel slides, navigation and homepage links at the real pages, then
    delete the placeholders."""
    new_pk = {
        placeholders[role].pk: replacements[role].pk for role in placeholders if placeholders[role]
    }
    for slide in CarouselSlide.objects.filter(link_page_id__in=new_pk):
        slide.link_page_id = new_pk[slide.link_page_id]
        slide.save(update_fields=["link_page"])
    for texts in HeaderFooterTexts.objects.all():
        texts.main_navigation = _repoint(list(texts.main_navigation.raw_data), new_pk)
        texts.footer_navigation = _repoint(list(texts.footer_navigation.raw_data), new_pk)
        texts.save()
    for home in HomePage.objects.all():
        home.body = _repoint(list(home.body.raw_data), new_pk)
        home.save_revision().publish()
    placeholders["index"].delete()


def _repoint(raw, new_pk):
    """StreamField data with every {"page": old id} replaced by the new id."""
    if isinstance(raw, dict):
        return {
            key: new_pk.get(value, value) if key == "page" else _repoint(value, new_pk)
            for key, value in raw.items()
        }
    if isinstance(raw, list):
        return [_repoint(item, new_pk) for item in raw]
    return raw


@transaction.atomic
def load_initial_content():
    """Create whatever of the starting site is missing; return the titles created."""
    data = load_content_data()
    created = []

    home, made = ensure_home_page(data)
    if made:
        created.append(home.title)

    about, made = ensure_child(
        home,
        AboutPage,
        data["about"]["slug"],
        title=data["about"]["title"],
        intro=data["about"]["intro"],
        vision=data["about"]["vision"],
        mission=data["about"]["mission"],
    )
    created += [about.title] if made else []

    rights, made = ensure_child(
        home,
        StandardPage,
        data["childrens_rights"]["slug"],
        title=data["childrens_rights"]["title"],
        intro=data["childrens_rights"]["intro"],
        body=[_rich_text(data["childrens_rights"]["body_html"])],
    )
    created += [rights.title] if made else []

    news_index, made = ensure_child(
        home,
        NewsIndexPage,
        data["news_index"]["slug"],
        title=data["news_index"]["title"],
        intro=data["news_index"]["intro"],
    )
    created += [news_index.title] if made else []

    topics = {}
    for topic_data in data["topics"]:
        topics[topic_data["slug"]], made = Topic.objects.get_or_create(
            locale=home.locale, slug=topic_data["slug"], defaults={"name": topic_data["name"]}
        )
        created += [f"topic: {topic_data['name']}"] if made else []

    articles = {}
    for article in data["articles"]:
        page, made = ensure_child(
            news_index,
            NewsPage,
            article["slug"],
            title=article["title"],
            kind=article["kind"],
            date=datetime.date.fromisoformat(article["date"]),
            intro=article["intro"],
            body=[_rich_text(f"<p>{article['intro']}</p>")],
        )
        if made:
            page.topics.set([topics[slug] for slug in article["topics"]])
            page.save_revision().publish()
            created.append(page.title)
        articles[article["slug"]] = page

    webinars, webinar = ensure_webinar_page(data, home)
    publications_index, publications, made = ensure_publications(data, home, topics)
    created += made
    articles["webinar"] = webinar

    privacy, made = ensure_child(
        home,
        StandardPage,
        data["privacy"]["slug"],
        title=data["privacy"]["title"],
        intro=data["privacy"]["intro"],
        body=[_rich_text(data["privacy"]["body_html"])],
        show_in_menus=False,
    )
    created += [privacy.title] if made else []

    forms = []
    for key in ("contact_form", "membership_form"):
        form_page, made = ensure_form_page(home, data[key])
        created += [form_page.title] if made else []
        forms.append(form_page)

    if not home.body and not home.carousel_slides.exists():
        home.body = home_body(data, about, rights, webinar)
        home.carousel_slides = [
            CarouselSlide(
                link_page=articles[slide["page"]],
                heading=slide.get("heading", ""),
                summary=slide.get("summary", ""),
                sort_order=position,
            )
            for position, slide in enumerate(data["carousel"])
        ]
        home.save_revision().publish()
        created.append("homepage carousel and sections")

    site = Site.objects.get(root_page=home)
    texts, _made = HeaderFooterTexts.objects.get_or_create(site=site, locale=home.locale)
    if not texts.main_navigation:
        settings = SiteSettings.for_site(site)
        settings.organisation_name = data["site"]["organisation_name"]
        settings.short_name = data["site"]["short_name"]
        settings.privacy_policy_page = privacy
        settings.save()
        texts.tagline = data["site"]["tagline"]
        texts.funding_statement = data["site"]["funding_statement"]
        texts.funding_disclaimer = data["site"]["funding_disclaimer"]
        texts.main_navigation = [
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}}
            for page in (about, rights, news_index, webinars)
        ]
        texts.footer_navigation = [
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}}
            # Not in the header: a fifth link there no longer fits in French.
            for page in (about, news_index, webinars, publications_index, *forms)
        ]
        texts.save()
        created.append("site settings, header and footer texts")

    news = [page for slug, page in articles.items() if slug != "webinar"]
    created += translate_pages(
        [home, about, rights, news_index, *news, webinars, webinar, privacy, *forms]
        + [publications_index, *publications],
        data,
        [texts, *topics.values()],
    )
    sections = [
        *(news_index, *news_index.get_translations()),
        *(publications_index, *publications_index.get_translations()),
    ]
    if ensure_review_workflow(sections):
        created.append("review workflow for news and publications")

    from members.initial_content import load_member_content  # members' pages hang from home

    created += load_member_content(home)
    return created
