# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Komunigi Newsletter",
    "summary": "Member mailing lists, newsletter, project log, meeting reminders",
    "version": "11.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/komunigi/komunigi",
    "author": "Komunigi contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["komunigi_membership", "mass_mailing", "calendar"],
    "data": [
        "security/ir.model.access.csv",
        "views/komunigi_log_entry_views.xml",
    ],
}
