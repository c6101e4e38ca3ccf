# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.1.0: commitments, stored outside shares, default milestones, round offers."""

from openupgradelib import openupgrade

from odoo import _

# What a share was refunded after late joiners (its amount was lowered by it).
REFUNDED = """COALESCE((SELECT sum(link.amount) FROM komunigi_cofinancing_invoice link
    WHERE link.share_id = share.id AND link.kind = 'refund'), 0)"""


def set_commitments(env):
    """Name each share's commitment; `pledge` becomes what the co-op committed and
    `amount` what it pays, as the commitment methods keep them.

    - a late joiner (it has a joining invoice) joined, for the price it paid;
    - once a co-financing is funded, the split fixed what each co-op pays: a share
      with an amount committed to it (by its pledge, else by accepting the split),
      its commitment being its amount before the refunds of late joiners;
    - before that (open, cancelled), a pledge is a pledge of that amount, and a
      share without one is only listed: its split is now an offer, computed live.
    """
    cr = env.cr
    openupgrade.logged_query(
        cr,
        """
        UPDATE komunigi_cofinancing_share share SET commitment = 'joined',
            pledge = (SELECT sum(link.amount) FROM komunigi_cofinancing_invoice link
                      WHERE link.share_id = share.id AND link.kind = 'join')
        WHERE EXISTS (SELECT 1 FROM komunigi_cofinancing_invoice link
                      WHERE link.share_id = share.id AND link.kind = 'join')
        """,
    )
    openupgrade.logged_query(
        cr,
        """
        UPDATE komunigi_cofinancing_share share
        SET commitment = CASE WHEN COALESCE(share.pledge, 0) > 0
                              THEN 'pledge' ELSE 'accepted' END,
            pledge = COALESCE(share.amount, 0) + {refunded}
        FROM komunigi_cofinancing cofinancing
        WHERE cofinancing.id = share.cofinancing_id AND share.commitment = 'none'
            AND cofinancing.state IN ('funded', 'invoiced', 'done')
            AND COALESCE(share.amount, 0) + {refunded} > 0
        """.format(refunded=REFUNDED),
    )
    openupgrade.logged_query(
        cr,
        """
        UPDATE komunigi_cofinancing_share SET commitment = 'pledge', amount = pledge
        WHERE commitment = 'none' AND pledge > 0
        """,
    )
    openupgrade.logged_query(
        cr,
        """
        UPDATE komunigi_cofinancing_share SET pledge = 0, amount = 0
        WHERE commitment = 'none'
        """,
    )


def compute_outside_shares(env):
    """The pot's and the provider's parts are stored computed fields now: computed
    for every co-financing (an old one never split held 0)."""
    Cofinancing = env["komunigi.cofinancing"]
    cofinancings = Cofinancing.with_context(active_test=False).search([])
    for name in ("pot_amount", "provider_share_amount"):
        env.add_todo(Cofinancing._fields[name], cofinancings)
    Cofinancing.recompute()


def add_default_milestones(env):
    """A co-financing without milestones (one made by a funding round) is invoiced
    once, 100 % at delivery, as new ones are: it can be invoiced now."""
    Milestone = env["komunigi.cofinancing.milestone"]
    for cofinancing in env["komunigi.cofinancing"].search(
        [("milestone_ids", "=", False)]
    ):
        Milestone.create(
            {
                "cofinancing_id": cofinancing.id,
                "name": _("At delivery"),
                "percent": 100,
                "sequence": 1,
            }
        )


def freeze_round_offers(env):
    """An opened round's offer becomes its lines: the requests it offered, at the
    cost its co-financing took (a selected request) or the request's estimate, and
    selected when the old outcome selected it. A database that never had the old
    relation tables (installed from a development state between the releases) has
    nothing to move."""
    old_tables = (
        "komunigi_funding_round_komunigi_request_rel",
        "komunigi_funding_round_selected_rel",
    )
    if not all(openupgrade.table_exists(env.cr, table) for table in old_tables):
        return
    openupgrade.logged_query(
        env.cr,
        """
        INSERT INTO komunigi_funding_round_line (
            round_id, request_id, reference, title, cost, selected,
            create_uid, create_date, write_uid, write_date)
        SELECT round.id, request.id, request.name, request.title,
            COALESCE((SELECT cofinancing.amount_total FROM komunigi_cofinancing cofinancing
                      WHERE cofinancing.funding_round_id = round.id
                          AND cofinancing.request_id = request.id
                      ORDER BY cofinancing.id LIMIT 1), request.estimate_total, 0),
            EXISTS (SELECT 1 FROM komunigi_funding_round_selected_rel selected
                    WHERE selected.komunigi_funding_round_id = round.id
                        AND selected.komunigi_request_id = request.id),
            %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
        FROM komunigi_funding_round_komunigi_request_rel offer
        JOIN komunigi_funding_round round ON round.id = offer.komunigi_funding_round_id
        JOIN komunigi_request request ON request.id = offer.komunigi_request_id
        WHERE round.state != 'draft' AND NOT EXISTS (
            SELECT 1 FROM komunigi_funding_round_line line
            WHERE line.round_id = round.id AND line.request_id = request.id)
        """,
        {"uid": env.uid},
    )


@openupgrade.migrate()
def migrate(env, version):
    set_commitments(env)
    compute_outside_shares(env)
    add_default_milestones(env)
    freeze_round_offers(env)
    product = env.ref(
        "komunigi_cofinancing.product_cofinancing", raise_if_not_found=False
    )
    if product:
        product.product_tmpl_id._komunigi_take_company_sale_tax()
