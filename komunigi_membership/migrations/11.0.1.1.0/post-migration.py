# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.1.0: dated changes, suspensions, dues months and rates, company sale taxes."""

from datetime import timedelta

from openupgradelib import openupgrade

from odoo import fields

from odoo.addons.komunigi_membership.lib import dues_periods

PREVIOUS_TIER = openupgrade.get_legacy_name("previous_tier_id")
TIER_DATE_FROM = openupgrade.get_legacy_name("tier_date_from")


def create_dated_changes(env):
    """A deferred tier change (previous tier until a date) is now a change record:
    the periods before its date keep the previous tier. The frequency did not change.
    Nothing to do when the release had no such columns (see the pre-migration)."""
    if not all(
        openupgrade.column_exists(env.cr, "komunigi_membership", column)
        for column in (PREVIOUS_TIER, TIER_DATE_FROM)
    ):
        return
    openupgrade.logged_query(
        env.cr,
        """
        INSERT INTO komunigi_membership_change (
            membership_id, partner_id, date, tier_id, billing_frequency,
            previous_tier_id, previous_billing_frequency,
            create_uid, create_date, write_uid, write_date)
        SELECT m.id, m.partner_id, m.{date}, m.tier_id, m.billing_frequency,
            m.{previous}, m.billing_frequency,
            %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
        FROM komunigi_membership m
        WHERE m.{previous} IS NOT NULL AND m.{date} IS NOT NULL
            AND m.{previous} != m.tier_id
            AND NOT EXISTS (
                SELECT 1 FROM komunigi_membership_change c
                WHERE c.membership_id = m.id AND c.date = m.{date})
        """.format(previous=PREVIOUS_TIER, date=TIER_DATE_FROM),
        {"uid": env.uid},
    )


def suspension_start(env, membership):
    """When a suspended membership was suspended: its last tracked change of state
    (the chatter), else the day after its last invoiced period, else its start."""
    env.cr.execute(
        """
        SELECT max(message.date) FROM mail_message message
        JOIN mail_tracking_value tracking ON tracking.mail_message_id = message.id
        WHERE message.model = 'komunigi.membership' AND message.res_id = %s
            AND tracking.field = 'state'
        """,
        (membership.id,),
    )
    tracked = env.cr.fetchone()[0]
    start = fields.Date.from_string(membership.date_start)
    if tracked:
        day = fields.Datetime.from_string(tracked).date()
    elif membership.dues_invoiced_until:
        day = fields.Date.from_string(membership.dues_invoiced_until)
        day += timedelta(days=1)
    else:
        day = start
    return max(day, start)


def open_suspensions(env):
    """A suspended membership has an open suspension: its days are not invoiced,
    and *Activate* closes it."""
    Suspension = env["komunigi.membership.suspension"]
    memberships = env["komunigi.membership"].search([("state", "=", "suspended")])
    for membership in memberships.filtered(
        lambda m: not m.suspension_ids.filtered(lambda s: not s.date_end)
    ):
        day = suspension_start(env, membership)
        Suspension.create(
            {
                "membership_id": membership.id,
                "date_start": fields.Date.to_string(day),
            }
        )


def period_months(period_start, period_end, frequency):
    """The months of the calendar period a dues row covers: its membership's
    frequency when that period holds it, else the shortest one that does (the
    frequency changed since)."""
    start = fields.Date.from_string(period_start)
    end = fields.Date.from_string(period_end)
    for candidate in (frequency, "monthly", "quarterly", "yearly"):
        if dues_periods.calendar_period(start, candidate)[1] >= end:
            return dues_periods.FREQUENCY_MONTHS[candidate]
    return 12


def fill_dues_months_and_rates(env):
    """Each invoiced period keeps the length of its calendar period and its tier's
    monthly rate: the credit notes of later changes compute from them."""
    env.cr.execute(
        """
        SELECT d.id, d.period_start, d.period_end, m.billing_frequency
        FROM komunigi_membership_dues d
        JOIN komunigi_membership m ON m.id = d.membership_id
        """
    )
    by_months = {}
    for dues_id, start, end, frequency in env.cr.fetchall():
        by_months.setdefault(period_months(start, end, frequency), []).append(dues_id)
    for months, ids in by_months.items():
        env.cr.execute(
            "UPDATE komunigi_membership_dues SET months = %s WHERE id IN %s",
            (months, tuple(ids)),
        )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE komunigi_membership_dues dues SET monthly_rate = tier.monthly_rate
        FROM komunigi_membership_tier tier
        WHERE tier.id = dues.tier_id AND dues.monthly_rate IS NULL
        """,
    )


@openupgrade.migrate()
def migrate(env, version):
    create_dated_changes(env)
    open_suspensions(env)
    fill_dues_months_and_rates(env)
    product = env.ref("komunigi_membership.product_dues", raise_if_not_found=False)
    if product:
        product.product_tmpl_id._komunigi_take_company_sale_tax()
