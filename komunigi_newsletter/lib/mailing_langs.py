# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The newsletter's languages: one mailing per language of its readers, no Odoo import.

A reader reads their own language when it is installed; a reader without one (a
contact added by hand, a person with no language) or with a language no longer
installed reads the default one, the coordinator's. Each mailing's domain selects the
contacts of the lists who read its language, so that each reader is in one mailing.
"""


def reader_language(lang, installed, default):
    """The language a reader of language `lang` (False: none) reads."""
    return lang if lang in installed else default


def reader_langs(langs, installed, default):
    """The languages of the mailings for readers of `langs`: the default first (there
    is always one mailing, even without readers), then the others in order."""
    read = {reader_language(lang, installed, default) for lang in langs}
    return [default] + sorted(read - {default})


def lang_domain(list_ids, lang, default, langs):
    """The domain of the mailing contacts of `list_ids` who read `lang`, when the
    mailings are in `langs`: the default mailing takes everyone the others do not."""
    domain = [("list_ids", "in", list(list_ids)), ("opt_out", "=", False)]
    if lang != default:
        return domain + [("komunigi_partner_id.lang", "=", lang)]
    others = [other for other in langs if other != default]
    if not others:
        return domain
    return domain + [
        "|",
        ("komunigi_partner_id", "=", False),
        ("komunigi_partner_id.lang", "not in", others),
    ]
