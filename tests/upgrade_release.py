"""The processes of tests/test_upgrade.py: the release's worktree, its database, Odoo.

The worktree and the database copy are the release's, beside the clone; every Odoo
run logs to its own file, which must hold no error.
"""

import fcntl
import os
import resource
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

import pytest

from .conftest import environment, odoo_command
from .databases import drop_database, filestore, run_sql

RELEASE = ("11.0.1.0.0", "4989852")  # the tag, else the commit it names


def git(*args, **kwargs):
    return subprocess.run(
        ["git", "-C", environment("KOMUNIGI_ROOT")] + list(args),
        capture_output=True,
        **kwargs,
    )


def release_ref():
    for ref in RELEASE:
        if git("rev-parse", "--verify", "--quiet", ref + "^{commit}").returncode == 0:
            return ref
    pytest.fail(
        "Neither the tag %s nor the commit %s is in this clone: fetch them "
        "(`git fetch --tags origin`) to run the upgrade test." % RELEASE
    )


def release_commit():
    """The commit the release names (the key of its cached database)."""
    ref = release_ref() + "^{commit}"
    return git("rev-parse", ref, check=True).stdout.decode().strip()


@contextmanager
def release_worktree():
    """The addons of the release, checked out beside the clone; removed after."""
    ref = release_ref()
    path = os.path.join(tempfile.mkdtemp(prefix="komunigi-release-"), "addons")
    git("worktree", "add", "--detach", path, ref, check=True)
    try:
        yield path
    finally:
        git("worktree", "remove", "--force", path)
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)
        git("worktree", "prune")


def copy_template(name):
    """A copy of `make test`'s template (Odoo's modules only), taken in turn with
    the other runs (bin/komunigi-env holds the same lock while it copies)."""
    template = environment("KOMUNIGI_TEMPLATE_DB")
    drop_database(name)
    lock_path = os.path.join(environment("KOMUNIGI_ROOT"), ".local", "template.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run_sql("postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(name))


def errors_in(log):
    with open(log) as handle:
        return [
            line
            for line in handle
            if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
        ]


def odoo(database, log, *args, command=None, script=None):
    """Run Odoo on `database` with its log in `log`; the output of a shell script."""
    result = subprocess.run(
        odoo_command("-d", database, "--logfile=%s" % log, *args, command=command),
        input=script.encode() if script else None,
        stdout=subprocess.PIPE,
        check=True,
    )
    return result.stdout.decode()


def children_cpu():
    """CPU seconds of the ended child processes (the load of a busy machine aside)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
