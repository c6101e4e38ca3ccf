# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading the values of portal forms without trusting them.

A form sends text: an id may come as "abc", as 100,000 digits or as a number beyond
what PostgreSQL's integer holds. Such a value is no id at all, and the page says so,
rather than letting Python or PostgreSQL fail with a server error.
"""

import re

# Ids are PostgreSQL integers.
MAX_ID = 2**31 - 1
# A path of this site a form may send the browser back to ("/my/requests/7").
LOCAL_PATH = re.compile(r"/[A-Za-z0-9_\-/]{0,120}")


def as_record_id(value):
    """The value as a record id when it is one (1 to 2**31 - 1), else None."""
    text = (value or "").strip() if isinstance(value, str) else ""
    if not (text.isdigit() and len(text) <= 10):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def local_path(value):
    """The value when it is a short path of this site, else None: a form's
    `redirect` never sends the browser elsewhere nor carries posted text."""
    text = value if isinstance(value, str) else ""
    if LOCAL_PATH.fullmatch(text) and "//" not in text:
        return text
    return None
