"""Every catalogue is complete, current and compiled, for every language but the
default: adding a language is a settings line plus its catalogues, and this test names
what the new catalogues still lack.

"Current" is checked the honest way: `makemessages` runs on a copy of the sources (it
needs GNU gettext's xgettext, installed by .ci/run; the site itself only reads the
committed .mo files) and the messages it finds must be the committed catalogue's.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

from tests.browser.conftest import require_tool

PROJECT = Path(__file__).resolve().parents[1]
# Not sources of messages: what makemessages must not walk.
NOT_SOURCES = [".git", ".venv", "node_modules", "bench", "tests", "static", "test-artifacts"]
# Apps that keep their own catalogue (<app>/locale) rather than the project's (locale/).
OWN_CATALOGUES = ["events"]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def locale_dirs():
    """The project's catalogue folders: LOCALE_PATHS, and each app's own."""
    found = {Path(path) for path in settings.LOCALE_PATHS}
    found |= {PROJECT / app / "locale" for app in OWN_CATALOGUES}
    return sorted(path for path in found if path.is_dir())


CATALOGUES = [(folder, code) for folder in locale_dirs() for code in LANGUAGES]
CATALOGUE_IDS = [f"{folder.relative_to(PROJECT)}-{code}" for folder, code in CATALOGUES]


def message_key(entry):
    return (entry.msgctxt or "", entry.msgid)


def translations(catalogue):
    """{(context, message): its translation (the plural forms' for a plural one)}."""
    return {
        message_key(entry): tuple(sorted(entry.msgstr_plural.items()))
        if entry.msgid_plural
        else entry.msgstr
        for entry in catalogue
        if entry.msgid
    }


def po_file(folder, code):
    path = folder / code / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path.relative_to(PROJECT)} is missing: run makemessages -l {code}"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """{(catalogue folder, language): the messages makemessages finds for it today}."""
    require_tool(shutil.which("xgettext"), "xgettext", "apt-get install gettext")
    copy = tmp_path_factory.mktemp("sources") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCES, "*.po", "*.mo"))
    for app in OWN_CATALOGUES:
        (copy / app / "locale").mkdir(exist_ok=True)  # its messages go there, not to locale/
    command = [sys.executable, "manage.py", "makemessages", "--no-location"]
    command += [f"--locale={code}" for code in LANGUAGES]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    return {
        (folder, code): {
            message_key(entry)
            for entry in polib.pofile(
                str(copy / folder.relative_to(PROJECT) / code / "LC_MESSAGES" / "django.po")
            )
            if entry.msgid
        }
        for folder, code in CATALOGUES
    }


def test_there_is_a_catalogue_for_every_language_but_the_default():
    assert LANGUAGES, "only the default language: nothing to translate"
    assert Path(settings.LOCALE_PATHS[0]) in locale_dirs()


@pytest.mark.parametrize(("folder", "code"), CATALOGUES, ids=CATALOGUE_IDS)
def test_every_message_is_translated(folder, code):
    catalogue = po_file(folder, code)
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"Not translated in {code}: {untranslated}"
    assert not fuzzy, f"Fuzzy (to check, then unmark) in {code}: {fuzzy}"
    assert not catalogue.metadata_is_fuzzy, "the header is still marked fuzzy"


@pytest.mark.parametrize(("folder", "code"), CATALOGUES, ids=CATALOGUE_IDS)
def test_the_catalogue_has_every_message_of_the_sources_and_no_other(extracted, folder, code):
    committed = {message_key(entry) for entry in po_file(folder, code) if entry.msgid}
    missing = sorted(extracted[folder, code] - committed)
    stale = sorted(committed - extracted[folder, code])
    assert not missing, f"In the sources, not in the catalogue (run makemessages): {missing}"
    assert not stale, f"In the catalogue, no longer in the sources: {stale}"


@pytest.mark.parametrize(("folder", "code"), CATALOGUES, ids=CATALOGUE_IDS)
def test_the_committed_mo_is_the_compiled_po(folder, code):
    po = po_file(folder, code)
    mo_path = folder / code / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path.relative_to(PROJECT)} is missing: run compilemessages"
    in_po, in_mo = translations(po), translations(polib.mofile(str(mo_path)))
    differing = sorted(
        key for key in in_po.keys() | in_mo.keys() if in_po.get(key) != in_mo.get(key)
    )
    assert not differing, f"The .mo is older than the .po (run compilemessages): {differing}"
