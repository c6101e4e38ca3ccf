# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure Python rules of komunigi_newsletter.

Nothing here imports ``odoo``: these modules can be unit-tested, and loaded by
file path, without a database.
"""
