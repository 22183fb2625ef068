"""The translation catalogues are complete, current and compiled: every string a
visitor or an editor reads has its translation in every language of LANGUAGES."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

from tests.conftest import skip_or_fail

PROJECT = Path(__file__).resolve().parents[1]
# Where the project's own strings live; makemessages leaves these alone.
NOT_SOURCE = {".venv", "node_modules", "tests", "bench", "media", "static", ".git"}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def locale_dirs(root=PROJECT):
    """The project's catalogue folders: locale/ at the root and any app's locale/."""
    found = [root / "locale"]
    found += sorted(
        path / "locale"
        for path in root.iterdir()
        if path.is_dir() and path.name not in NOT_SOURCE and (path / "locale").is_dir()
    )
    return found


def catalogue(locale_dir, language):
    return locale_dir / language / "LC_MESSAGES" / "django.po"


CATALOGUES = [(locale_dir, language) for locale_dir in locale_dirs() for language in LANGUAGES]
IDS = [f"{locale_dir.relative_to(PROJECT)}-{language}" for locale_dir, language in CATALOGUES]


def test_there_is_a_catalogue_for_events_and_for_the_rest():
    assert [path.relative_to(PROJECT).as_posix() for path in locale_dirs()] == [
        "locale",
        "contact/locale",
        "events/locale",
        "members/locale",
        "publications/locale",
    ]


@pytest.mark.parametrize(("locale_dir", "language"), CATALOGUES, ids=IDS)
def test_every_string_is_translated_and_none_is_fuzzy(locale_dir, language):
    po = polib.pofile(catalogue(locale_dir, language))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert untranslated == [], f"untranslated in {language}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"
    assert obsolete == [], f"no longer used, remove: {obsolete}"


@pytest.mark.parametrize(("locale_dir", "language"), CATALOGUES, ids=IDS)
def test_translations_keep_the_placeholders(locale_dir, language):
    wrong = []
    for entry in polib.pofile(catalogue(locale_dir, language)).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        wrong += [
            entry.msgid for text in translations if set(PLACEHOLDER.findall(text)) != expected
        ]
    assert wrong == []


def test_french_typography_has_non_breaking_spaces():
    """French puts a non-breaking space before : ; ? ! and inside « »: a plain one lets
    the mark wrap onto a line of its own on a phone."""
    wrong = []
    for locale_dir in locale_dirs():
        for entry in polib.pofile(catalogue(locale_dir, "fr")).translated_entries():
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if re.search(r" [:;?!»]|« ", text):
                    wrong.append(text)
    assert wrong == []


@pytest.mark.parametrize(("locale_dir", "language"), CATALOGUES, ids=IDS)
def test_the_compiled_catalogue_matches_its_source(locale_dir, language):
    po_path = catalogue(locale_dir, language)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run: manage.py compilemessages (then commit {mo_path.name})"

    def pairs(entries):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            for entry in entries
            if entry.msgid
        }

    compiled = polib.mofile(mo_path)
    assert pairs(compiled) == pairs(polib.pofile(po_path).translated_entries()), (
        f"{mo_path} is older than its .po: run manage.py compilemessages"
    )


def test_the_catalogues_hold_every_string_of_the_source(tmp_path):
    """makemessages, run on a copy of the project, finds no string the committed
    catalogues lack (and none they hold that the code no longer uses)."""
    if shutil.which("xgettext") is None:
        skip_or_fail("xgettext not found: install gettext, e.g. apt-get install gettext")
    copy = tmp_path / "project"
    shutil.copytree(
        PROJECT,
        copy,
        ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__", "*.mo", "*.sqlite3"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"-l{code}" for code in LANGUAGES)]
        + [f"--ignore={name}" for name in NOT_SOURCE]
        + ["--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "cope_site.settings.test"},
    )

    def msgids(path):
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(path) if not entry.obsolete}

    for locale_dir, language in CATALOGUES:
        fresh = catalogue(copy / locale_dir.relative_to(PROJECT), language)
        committed = catalogue(locale_dir, language)
        missing = sorted(msgids(fresh) - msgids(committed), key=str)
        unused = sorted(msgids(committed) - msgids(fresh), key=str)
        assert missing == [], f"not in {committed.relative_to(PROJECT)}: {missing}"
        assert unused == [], f"no longer in the code, remove from {committed.name}: {unused}"
