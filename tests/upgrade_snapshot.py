"""What tests/test_upgrade.py reads of a database, before and after the upgrade, in SQL.

`KEPT` lists, per table, the columns of 11.0.1.0.0 whose values an upgrade must keep
as they are: every row read before the upgrade is read again, unchanged, after it.
`LEGACY` is what the migration scripts transform: read before the upgrade, it gives
the values the new fields must hold (see the test).
"""

import psycopg2

KEPT = {
    "komunigi_membership": "partner_id, tier_id, state, date_start, date_end, "
    "billing_frequency, dues_invoiced_until, representative_count",
    "komunigi_membership_dues": "membership_id, tier_id, period_start, period_end, "
    "amount, invoice_id, invoice_line_id",
    "account_invoice": "partner_id, type, state, amount_untaxed, amount_total",
    "komunigi_cofinancing": "name, state, amount_total, split_method, pot_rate, "
    "request_id, funding_round_id",
    "komunigi_cofinancing_share": "cofinancing_id, partner_id, weight, cap",
    "komunigi_cofinancing_milestone": "cofinancing_id, name, percent, invoiced",
    "komunigi_cofinancing_invoice": "share_id, milestone_id, kind, invoice_id, amount",
    "komunigi_session": "name, state, voting_opens, voting_closes",
    "komunigi_session_item": "session_id, method, outcome, eligible_count, "
    "voted_count, quorum_reached, result_data",
    "komunigi_ballot": "item_id, partner_id, user_id, value",
    "komunigi_request": "name, title, state, estimate_total",
    "komunigi_funding_round": "name, state, date_from, date_to, rule",
    "komunigi_funding_round_participant": "round_id, partner_id, budget",
    "komunigi_funding_round_ballot": "round_id, partner_id, approvals",
    "komunigi_log_entry": "date, name, state, active, is_published, source_model, "
    "source_id, source_event, meeting_id, log_tags",
    "komunigi_log_tag": "name, color",
    "mail_mass_mailing_contact": "name, email, opt_out, komunigi_partner_id, lists",
    "calendar_event": "name, start, stop, komunigi_kind, res_model, res_id, attendees",
}

# Computed columns of the snapshot (a table's own columns otherwise).
EXPRESSIONS = {
    "representative_count": "(SELECT count(*) FROM komunigi_membership_res_partner_rel"
    " r WHERE r.komunigi_membership_id = t.id)",
    "approvals": "(SELECT array_agg(r.komunigi_request_id ORDER BY 1) FROM "
    "komunigi_funding_round_ballot_komunigi_request_rel r "
    "WHERE r.komunigi_funding_round_ballot_id = t.id)",
    "log_tags": "(SELECT array_agg(r.komunigi_log_tag_id ORDER BY 1) FROM "
    "komunigi_log_entry_komunigi_log_tag_rel r WHERE r.komunigi_log_entry_id = t.id)",
    "lists": "(SELECT array_agg(r.list_id ORDER BY 1) FROM "
    "mail_mass_mailing_contact_list_rel r WHERE r.contact_id = t.id)",
    "attendees": "(SELECT array_agg(r.res_partner_id ORDER BY 1) FROM "
    "calendar_event_res_partner_rel r WHERE r.calendar_event_id = t.id)",
}

LEGACY = {
    "shares": """
        SELECT share.id, cofinancing.state, COALESCE(share.pledge, 0),
            COALESCE(share.amount, 0),
            COALESCE((SELECT sum(l.amount) FROM komunigi_cofinancing_invoice l
                      WHERE l.share_id = share.id AND l.kind = 'refund'), 0),
            (SELECT sum(l.amount) FROM komunigi_cofinancing_invoice l
             WHERE l.share_id = share.id AND l.kind = 'join')
        FROM komunigi_cofinancing_share share
        JOIN komunigi_cofinancing cofinancing ON cofinancing.id = share.cofinancing_id
    """,
    "tier_changes": """
        SELECT id, tier_date_from, previous_tier_id, tier_id, billing_frequency
        FROM komunigi_membership
        WHERE previous_tier_id IS NOT NULL AND previous_tier_id != tier_id
    """,
    "suspended": "SELECT id FROM komunigi_membership WHERE state = 'suspended'",
    "dues": """
        SELECT dues.id, membership.billing_frequency, tier.monthly_rate
        FROM komunigi_membership_dues dues
        JOIN komunigi_membership membership ON membership.id = dues.membership_id
        JOIN komunigi_membership_tier tier ON tier.id = dues.tier_id
    """,
    "offers": """
        SELECT round.id, offer.komunigi_request_id, request.name,
            COALESCE(cofinancing.amount_total, request.estimate_total),
            selected.komunigi_request_id IS NOT NULL
        FROM komunigi_funding_round round
        JOIN komunigi_funding_round_komunigi_request_rel offer
            ON offer.komunigi_funding_round_id = round.id
        JOIN komunigi_request request ON request.id = offer.komunigi_request_id
        LEFT JOIN komunigi_cofinancing cofinancing
            ON cofinancing.funding_round_id = round.id
            AND cofinancing.request_id = request.id
        LEFT JOIN komunigi_funding_round_selected_rel selected
            ON selected.komunigi_funding_round_id = round.id
            AND selected.komunigi_request_id = request.id
        WHERE round.state != 'draft'
    """,
    "closed_items": """
        SELECT item.id, item.method, item.outcome,
            array_agg(rel.komunigi_request_id ORDER BY rel.komunigi_request_id)
        FROM komunigi_session_item item
        JOIN komunigi_session session ON session.id = item.session_id
        JOIN komunigi_request_komunigi_session_item_rel rel
            ON rel.komunigi_session_item_id = item.id
        WHERE session.state = 'closed'
        GROUP BY item.id
    """,
    "session_meetings": """
        SELECT id, res_id FROM calendar_event WHERE res_model = 'komunigi.session'
    """,
    "unmilestoned": """
        SELECT id FROM komunigi_cofinancing c WHERE NOT EXISTS (
            SELECT 1 FROM komunigi_cofinancing_milestone m WHERE m.cofinancing_id = c.id)
    """,
}


def query(database, sql, params=None):
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def kept_rows(database):
    """{table: {id: (values of its kept columns)}}."""
    snapshot = {}
    for table, columns in KEPT.items():
        selected = ", ".join(
            EXPRESSIONS.get(column.strip(), "t." + column.strip())
            for column in columns.split(",")
        )
        rows = query(database, "SELECT t.id, %s FROM %s t" % (selected, table))
        snapshot[table] = {row[0]: row[1:] for row in rows}
    return snapshot


def legacy_rows(database):
    """{name: rows} of the LEGACY queries."""
    return {name: query(database, sql) for name, sql in LEGACY.items()}
