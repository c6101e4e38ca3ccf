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
    the update, after the post-migration that turns them into change records. A
    database installed from a development commit between the two releases may not
    have them any more: only the columns that exist are renamed."""
    present = {
        table: [
            (column, new)
            for column, new in columns
            if openupgrade.column_exists(env.cr, table, column)
        ]
        for table, columns in LEGACY_COLUMNS.items()
    }
    openupgrade.rename_columns(env.cr, present)
