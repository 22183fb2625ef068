"""Which release of the code is running: part of every page-cache key.

A deploy that changes templates, styles or code must never serve pages rendered by
the release before it (their hashed CSS and JS names may no longer exist). With the
release in the keys, a new release starts with an empty page cache of its own.
"""

import hashlib
from pathlib import Path

# What shapes a rendered page: code, templates and static sources.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg"}
SOURCE_FOLDERS = ("cope_site", "home", "news", "events", "templates", "static")
# The pinned libraries render pages too, and cached responses are pickled objects of
# theirs: an upgrade is a new release.
SOURCE_FILES = ("requirements.txt",)


def source_fingerprint(project_root):
    """A short hash of the project's source files: the same on every app server that
    runs the same code, different as soon as one of them changes."""
    root = Path(project_root)
    paths = [root / name for name in SOURCE_FILES]
    for folder in SOURCE_FOLDERS:
        paths += sorted(p for p in (root / folder).rglob("*") if p.suffix in SOURCE_SUFFIXES)
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
