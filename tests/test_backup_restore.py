"""`make backup` / `make restore` (bin/backup): a backup of the running site, restored on
a fresh machine (a database that does not exist yet, an empty media folder), brings back
every page, registration and image. Runs on the suite's database: SQLite, and PostgreSQL
in CI's second pass, restoring into a scratch database of its own."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.db import connection

import pytest

from events import services
from tests.backup_snapshot import snapshot
from tests.conftest import add_article, ensure_wagtail_root, make_image, skip_or_fail
from tests.events.conftest import get_event_index, make_event, registration_data

ROOT = Path(__file__).resolve().parent.parent


def database_url(name):
    values = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(name).resolve()}"
    credentials = values["USER"] + (f":{values['PASSWORD']}" if values["PASSWORD"] else "")
    return f"postgres://{credentials}@{values['HOST']}:{values['PORT'] or 5432}/{name}"


class Machine:
    """Settings of their own for the script and the check, as on another machine."""

    def __init__(self, tmp_path, database_name):
        self.database_name = database_name
        self.media = tmp_path / "media"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"}
        } | {
            "DJANGO_SETTINGS_MODULE": "cope_site.settings.dev",
            "DATABASE_URL": database_url(database_name),
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(tmp_path / "backups"),
            "ALLOWED_HOSTS": "testserver",
        }

    def run(self, *args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )

    def backup(self, *args):
        return self.run("bin/backup", *args)


@pytest.fixture
def fresh_database(tmp_path):
    """The name of a database that does not exist yet; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        skip_or_fail("needs PostgreSQL's client tools: apt-get install postgresql-client")
    name = f"{connection.settings_dict['NAME']}_restore"
    drop = ["dropdb", "--if-exists", name]
    subprocess.run(drop, env=postgres_environment(), check=True)
    yield name
    subprocess.run(drop, env=postgres_environment(), check=True)


def postgres_environment():
    values = connection.settings_dict
    return os.environ | {
        "PGHOST": values["HOST"] or "",
        "PGPORT": str(values["PORT"] or 5432),
        "PGUSER": values["USER"] or "",
        "PGPASSWORD": values["PASSWORD"] or "",
    }


def postgres_database_exists(name):
    query = f"SELECT count(*) FROM pg_database WHERE datname = '{name}'"  # noqa: S608
    result = subprocess.run(
        ["psql", "--dbname=postgres", "--tuples-only", "--no-align", "--command", query],
        env=postgres_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip() == "1"


@pytest.fixture
def site_with_everything(transactional_db, tmp_path, settings):
    """Pages, an image with a rendition on an article, and registrations, committed."""
    from home.initial_content import load_initial_content
    from home.models import HomePage
    from news.models import NewsIndexPage

    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_wagtail_root()
    load_initial_content()
    image = make_image("Family visit", size=(120, 80))
    image.get_rendition("width-400")
    english = {"locale__language_code": "en"}
    add_article(NewsIndexPage.objects.get(**english), "Visits restored", listing_image=image)
    event = make_event(get_event_index(HomePage.objects.get(**english)), capacity=1)
    services.register(event, registration_data(1))
    services.register(event, registration_data(2))  # on the waiting list
    return snapshot()


def test_a_restore_on_a_fresh_machine_finds_every_page_registration_and_image(
    site_with_everything, fresh_database, tmp_path
):
    source = site_with_everything
    assert len(source["registrations"]) == 2 and len(source["images"]) == 1
    assert [page for page in source["pages"] if page[-1] not in (None, [200, True])] == []

    made = Machine(tmp_path, connection.settings_dict["NAME"]).backup("create")
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    assert sorted(path.name for path in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump" if connection.vendor == "postgresql" else "database.sqlite3",
        "manifest.json",
        "media.tar",
    ]

    shutil.rmtree(tmp_path / "media")
    fresh = Machine(tmp_path, fresh_database)
    restored = fresh.backup("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    # Restoring again over what is now there (REPLACE=1) gives the same, and only that.
    stray = tmp_path / "media" / "uploaded-after-the-backup.txt"
    stray.write_text("not in the backup")
    again = fresh.backup("restore", "--replace", str(backup))
    assert again.returncode == 0, again.stderr
    assert not stray.exists()

    found = fresh.run("-m", "tests.backup_snapshot", "--regenerate")
    assert found.returncode == 0, found.stderr
    found = json.loads(found.stdout)
    assert found.pop("regenerated_widths") == [60]
    assert found == source


def test_restore_refuses_without_a_backup_a_damaged_one_or_over_live_data(
    db, fresh_database, tmp_path
):
    live = Machine(tmp_path, connection.settings_dict["NAME"])
    assert live.backup("create").returncode == 0
    (backup,) = (tmp_path / "backups").iterdir()

    unnamed = live.backup("restore")
    assert unnamed.returncode == 2
    assert f"make restore BACKUP=<folder>, one of:\n  {backup}" in unnamed.stderr

    over_live = live.backup("restore", str(backup))
    assert over_live.returncode == 1
    assert "tables" in over_live.stderr and "REPLACE=1" in over_live.stderr

    with open(backup / "media.tar", "ab") as archive:
        archive.write(b"\0")
    fresh = Machine(tmp_path, fresh_database)
    damaged = fresh.backup("restore", str(backup))
    assert damaged.returncode == 1
    assert "media.tar does not match its checksum" in damaged.stderr
    assert fresh.backup("verify", str(backup)).returncode == 1
    # Nothing was made: the fresh database is still not there.
    if connection.vendor == "sqlite":
        assert not Path(fresh_database).exists()
    else:
        assert not postgres_database_exists(fresh_database)
