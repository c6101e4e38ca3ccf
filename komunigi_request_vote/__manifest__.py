# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Komunigi Requests and Votes",
    "summary": "Feature requests, decision sessions, ballots and tallies",
    "version": "11.0.1.2.0",
    "category": "Association",
    "website": "https://github.com/komunigi/komunigi",
    "author": "Komunigi contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["komunigi_membership"],
    "data": [
        "security/ir.model.access.csv",
        "security/komunigi_rules.xml",
        "data/komunigi_request_category_data.xml",
        "data/komunigi_request_data.xml",
        "data/mail_template_data.xml",
        "wizards/komunigi_request_close_wizard_views.xml",
        "views/komunigi_request_views.xml",
        "views/komunigi_session_views.xml",
        "views/komunigi_request_category_views.xml",
        "views/komunigi_request_vote_menus.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/public_templates.xml",
    ],
    "demo": ["demo/komunigi_request_demo.xml"],
}
