# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Komunigi Co-financing",
    "summary": "Cost splits, co-financings, milestone invoices, funding rounds",
    "version": "11.0.1.2.0",
    "category": "Association",
    "website": "https://github.com/komunigi/komunigi",
    "author": "Komunigi contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["komunigi_request_vote"],
    "data": [
        "security/ir.model.access.csv",
        "security/komunigi_rules.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "wizards/komunigi_cofinancing_join_wizard_views.xml",
        "wizards/komunigi_cofinancing_commit_wizard_views.xml",
        "wizards/komunigi_funding_round_pabulib_views.xml",
        "views/komunigi_cofinancing_views.xml",
        "views/komunigi_funding_round_views.xml",
        "views/portal_cofinancing_templates.xml",
        "views/portal_round_templates.xml",
        "views/public_templates.xml",
    ],
    "demo": ["demo/komunigi_cofinancing_demo.xml"],
}
