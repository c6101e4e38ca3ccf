# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.1.0: keep the data of the removed fields until post-migration reads it."""

from openupgradelib import openupgrade

# A deferred tier change (previous tier, date) becomes a dated change record.
LEGACY_COLUMNS = {
    "komunigi_membership": [("previous_tier_id", None), ("tier_date_from", None)]
}


@openupgrade.migrate()
def migrate(env, version):
    """Rename the columns of the removed fields: Odoo would drop them at the end of
    the update, after the post-migration that turns them into change records."""
    openupgrade.rename_columns(env.cr, LEGACY_COLUMNS)
