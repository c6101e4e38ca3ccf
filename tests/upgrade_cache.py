"""The release database of tests/test_upgrade.py, kept in the user's cache for the day.

Installing the release's addons and filling them (tests/upgrade_fill.py) costs about two
minutes of CPU on every `make test`, and gives the same database each time on one day:
the same template, the same release, the same script, the same dates. The filled
database is therefore dumped beside the template's copy (bin/komunigi-env keeps that in
`~/.cache/komunigi/template`) and restored by the next run of the day instead;
KOMUNIGI_NO_CACHE=1 neither reads nor writes it, as for the template.

The key holds what makes the database: the template's own cache key, the release's
commit, the fill script, and today's date (the fill dates its records from today, and
the upgrade's checks read them with today's date).
"""

import glob
import hashlib
import os
import shutil
import subprocess
import tarfile
from datetime import date

from .databases import filestore

HERE = os.path.dirname(__file__)


def cache_dir():
    """Beside the template's cache, or None when the cache is off or unknown."""
    template_key = os.environ.get("KOMUNIGI_TEMPLATE_KEY")
    if os.environ.get("KOMUNIGI_NO_CACHE") or not template_key:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "komunigi", "upgrade")


def cache_key(release_commit):
    digest = hashlib.sha256()
    for part in (os.environ.get("KOMUNIGI_TEMPLATE_KEY", ""), release_commit):
        digest.update(part.encode() + b"\0")
    with open(os.path.join(HERE, "upgrade_fill.py"), "rb") as handle:
        digest.update(handle.read())
    digest.update(date.today().isoformat().encode())
    return digest.hexdigest()[:16]


def pg_program(name):
    return os.path.join(os.environ.get("KOMUNIGI_PGBIN_DIR", ""), name)


def restore(database, release_commit):
    """Restore the filled release into `database` (which exists, empty); False when
    there is no copy of the day or it does not restore."""
    folder = cache_dir()
    path = folder and os.path.join(folder, cache_key(release_commit))
    if not path or not os.path.isfile(path + ".dump"):
        return False
    restored = subprocess.run(
        [pg_program("pg_restore"), "--no-owner", "--exit-on-error", "-j", "2"]
        + ["-d", database, path + ".dump"],
        capture_output=True,
    )
    if restored.returncode != 0:
        return False
    shutil.rmtree(filestore(database), ignore_errors=True)
    os.makedirs(filestore(database))
    with tarfile.open(path + ".tar") as archive:
        archive.extractall(filestore(database))
    return True


def save(database, release_commit):
    """Keep the filled release for the next runs of the day (the older ones go). The
    cache is a convenience: a run that cannot write it (another run writing the same
    copy at once, a full disk) goes on without it."""
    folder = cache_dir()
    if not folder:
        return
    path = os.path.join(folder, cache_key(release_commit))
    try:
        os.makedirs(folder, exist_ok=True)
        for old in glob.glob(os.path.join(folder, "*")):
            if not old.startswith(path):
                os.remove(old)
        dump(database, path)
    except OSError:
        pass


def dump(database, path):
    """The database and its filestore to `path`.dump and `path`.tar, complete or not at all."""
    dumped = subprocess.run(
        [pg_program("pg_dump"), "-Fc", "--no-owner", "-f", path + ".dump.part"]
        + [database],
        capture_output=True,
    )
    if dumped.returncode != 0:
        return
    with tarfile.open(path + ".tar.part", "w") as archive:
        if os.path.isdir(filestore(database)):
            archive.add(filestore(database), arcname=".")
    os.rename(path + ".tar.part", path + ".tar")
    os.rename(path + ".dump.part", path + ".dump")
