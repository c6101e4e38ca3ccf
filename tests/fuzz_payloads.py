# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Malformed values a fuzzer posts to the portal forms, by kind (tests/fuzz_portal.py).

`spoil` takes a form's fields as a browser would send them and spoils one of them (or
the record id in the form's action) with a value of the given kind; a random.Random
seeded by the test makes every post reproducible.
"""

import re

HUGE = 100 * 1024
VALUES = {
    "wrong_type": ["abc", "[1, 2]", "{'a': 1}", "1.2.3", "true", "0x1F", "12,5"],
    "empty": ["", " ", "\t\n"],
    "huge": ["7" * HUGE, "A" * HUGE, "é" * (HUGE // 2)],
    "negative": ["-1", "-0.01", "-99999999999999999999999", "-0"],
    "nan_inf": ["NaN", "nan", "inf", "-Infinity", "1e308", "1e-400", "9" * 400],
    "html": [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "<b>bold</b>&amp;&#0;",
    ],
    "sql": [
        "1' OR '1'='1",
        "1; DROP TABLE komunigi_request; --",
        "%' --",
        "1) UNION SELECT password FROM res_users --",
    ],
    "nul": ["abc\x00def", "\x00", "12\x00", "\x00<script>"],
}
KINDS = tuple(VALUES) + ("other_coop_id", "missing_field")


def _field_names(fields):
    return sorted({name for name, _value in fields if name != "csrf_token"})


def _with_field(fields, name, value):
    """The fields with every value of `name` replaced by `value` (once)."""
    kept = [(n, v) for n, v in fields if n != name]
    return kept + [(name, value)]


def spoil(fields, action, kind, rng, other_ids):
    """(fields, action, description) of a post spoiled with a value of `kind`.

    `other_ids`: ids of records only the other co-op may see or change.
    """
    names = _field_names(fields)
    if kind == "missing_field":
        if not names:
            return fields, action, "nothing to drop"
        name = rng.choice(names)
        return [(n, v) for n, v in fields if n != name], action, "without " + name
    if kind == "other_coop_id":
        other = str(rng.choice(sorted(other_ids)))
        ids_in_action = re.findall(r"/\d+", action)
        if ids_in_action and (not names or rng.random() < 0.5):
            target = rng.randrange(len(ids_in_action))
            parts = re.split(r"(/\d+)", action)
            digits = [i for i, part in enumerate(parts) if re.fullmatch(r"/\d+", part)]
            parts[digits[target]] = "/" + other
            return fields, "".join(parts), "action id " + other
        if not names:
            return fields, action, "no id to replace"
        name = rng.choice(names)
        return _with_field(fields, name, other), action, "%s=%s" % (name, other)
    if not names:
        return fields, action, "no field"
    name = rng.choice(names)
    value = rng.choice(VALUES[kind])
    return _with_field(fields, name, value), action, "%s=%r" % (name, value[:20])
