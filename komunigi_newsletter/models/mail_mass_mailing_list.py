# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..lib import audience as audience_rules
from .komunigi_audience import AUDIENCES


class MailMassMailingList(models.Model):
    """A mailing list may follow an audience of the memberships."""

    _inherit = "mail.mass_mailing.list"

    komunigi_audience = fields.Selection(
        AUDIENCES,
        string="Synced audience",
        help="The list follows this audience: the sync adds its people and takes out "
        "those who leave it. Contacts who opted out are never put back.",
    )
    komunigi_newsletter = fields.Boolean(
        string="Receives the newsletter",
        help="The quarterly newsletter is prepared for the lists that receive it.",
    )

    _sql_constraints = [
        (
            "komunigi_audience_unique",
            "unique(komunigi_audience)",
            "Another list already follows this audience.",
        )
    ]

    def _komunigi_contacts(self, people):
        """The contacts that matter to this list's sync: in the list, synced from one
        of `people`, or holding one of their addresses (case does not matter)."""
        self.ensure_one()
        Contact = self.env["mail.mass_mailing.contact"].sudo()
        contacts = Contact.search(
            [
                "|",
                ("list_ids", "in", self.ids),
                ("komunigi_partner_id", "in", people.ids),
            ]
        ) | Contact._komunigi_of_addresses(people.mapped("email"))
        return contacts.sorted("id")

    def _komunigi_sync(self, people):
        """Make the list hold `people` (see lib/audience.py for the rules)."""
        self.ensure_one()
        Contact = (
            self.env["mail.mass_mailing.contact"]
            .sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
        )
        contacts = self._komunigi_contacts(people)
        plan = audience_rules.plan(
            {person.id: person.email for person in people},
            [
                audience_rules.Contact(
                    c.id,
                    c.email,
                    c.komunigi_partner_id.id or None,
                    c.opt_out,
                    self in c.list_ids,
                )
                for c in contacts
            ],
        )
        Partner = self.env["res.partner"].sudo()
        for person_id, email in plan.create:
            Contact.create(
                {
                    "name": Partner.browse(person_id).name,
                    "email": email,
                    "komunigi_partner_id": person_id,
                    "list_ids": [(4, self.id)],
                }
            )
        for contact_id, person_id, email in plan.relink:
            Contact.browse(contact_id).write(
                {"komunigi_partner_id": person_id, "email": email}
            )
        if plan.add:
            Contact.browse(plan.add).write({"list_ids": [(4, self.id)]})
        if plan.remove:
            Contact.browse(plan.remove).write({"list_ids": [(3, self.id)]})
        return plan
