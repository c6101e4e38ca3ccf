# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class KomunigiLockable(models.AbstractModel):
    """Records whose state changes (open, close, commit) are done by one transaction
    at a time: a double click, two co-ops at once, the cron.

    `_lock` makes a second transaction wait at the start rather than fail at the end,
    when the rows both update collide. Under Odoo's REPEATABLE READ the waiting
    transaction then fails to serialize, and is run again (RPC dispatch, the cron's
    next run) on a snapshot where the first one's change is seen.
    """

    _name = "komunigi.lockable"
    _description = "Records changed by one transaction at a time"

    def _lock(self):
        """Wait for another transaction holding these records, then read their state
        again."""
        if not self.ids:
            return
        self.env.cr.execute(
            "SELECT id FROM %s WHERE id IN %%s FOR UPDATE" % self._table,
            [tuple(self.ids)],
        )
        self.invalidate_cache(["state"], self.ids)
