"""The test databases as PostgreSQL sees them: SQL outside Odoo, copies, filestores.

Shared by the tests that make their own databases (the template stream: the hub, the
uninstalls, the upgrade) and the concurrency and fuzz checks that read tables.
"""

import os
import shutil

import psycopg2

from .conftest import environment


def run_sql(database, query, params=None):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def filestore(name):
    root = environment("KOMUNIGI_ROOT")
    return os.path.join(root, ".local", "data", "filestore", name)


def drop_database(name):
    run_sql("postgres", "DROP DATABASE IF EXISTS %s" % name)
    shutil.rmtree(filestore(name), ignore_errors=True)


def copy_database(template, name):
    """`name`, a copy of the database `template` and of its filestore."""
    drop_database(name)
    run_sql("postgres", "CREATE DATABASE %s TEMPLATE %s" % (name, template))
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(name))
