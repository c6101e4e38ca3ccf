# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the newsletter's languages (pure Python, no database)."""

from ..lib import mailing_langs as langs

INSTALLED = {"en_US", "fr_FR", "nl_BE"}


def test_one_mailing_per_language_read_the_default_first():
    readers = ["nl_BE", "fr_FR", False, "fr_FR", "de_DE"]
    assert langs.reader_langs(readers, INSTALLED, "en_US") == [
        "en_US",
        "fr_FR",
        "nl_BE",
    ]
    # Without readers of their own language, everyone reads the default one.
    assert langs.reader_langs([False, "de_DE"], INSTALLED, "fr_FR") == ["fr_FR"]
    assert langs.reader_langs([], INSTALLED, "en_US") == ["en_US"]


def test_each_reader_is_in_one_mailing():
    mailings = ["en_US", "fr_FR", "nl_BE"]
    base = [("list_ids", "in", [3, 4]), ("opt_out", "=", False)]
    assert langs.lang_domain((3, 4), "fr_FR", "en_US", mailings) == base + [
        ("komunigi_partner_id.lang", "=", "fr_FR")
    ]
    # The default mailing takes the contacts of no person, or of another language.
    assert langs.lang_domain((3, 4), "en_US", "en_US", mailings) == base + [
        "|",
        ("komunigi_partner_id", "=", False),
        ("komunigi_partner_id.lang", "not in", ["fr_FR", "nl_BE"]),
    ]
    assert langs.lang_domain([3, 4], "en_US", "en_US", ["en_US"]) == base
