# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Komunigi Requests and Votes",
    "summary": "Feature requests, decision sessions, ballots and tallies",
    "version": "11.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/komunigi/komunigi",
    "author": "Komunigi contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["komunigi_membership"],
    "data": [
        "security/ir.model.access.csv",
        "data/komunigi_request_category_data.xml",
        "views/komunigi_request_category_views.xml",
    ],
}
