# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.2.0: each addon drafts its own log entries at its transitions.

The daily cron that drafted them by reading the other addons goes (its record is
noupdate: the update alone would keep it, calling a method that no longer exists).
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.delete_records_safely_by_xml_id(
        env, ["komunigi_newsletter.ir_cron_draft_log_entries"]
    )
