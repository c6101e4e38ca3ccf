# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Komunigi Membership",
    "summary": "Member co-ops, membership tiers, dues and core group",
    "version": "11.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/komunigi/komunigi",
    "author": "Komunigi contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["account_invoicing", "portal", "website", "mail"],
    "data": [
        "security/komunigi_security.xml",
        "security/ir.model.access.csv",
        "views/komunigi_menus.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
    ],
}
