# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "komunigi.audience.source"]

    # A change of these fields can change who is in the member lists.
    _komunigi_sync_fields = (
        "komunigi_newsletter_opt_in",
        "email",
        "opt_out",
        "active",
        "parent_id",
    )

    komunigi_newsletter_opt_in = fields.Boolean(
        string="Receives the newsletter",
        help="A contact of a member co-op who asked for the newsletter. "
        "Representatives receive it without asking.",
    )

    def _komunigi_sync_on_create(self):
        return any(self.mapped("komunigi_newsletter_opt_in"))

    # --- newsletter subscription (portal) --------------------------------------------
    def _komunigi_newsletter_contacts(self):
        """This person's mailing contacts: synced from them, or of their address."""
        self.ensure_one()
        Contact = self.env["mail.mass_mailing.contact"].sudo()
        if not self.email:
            return Contact.browse()
        synced = Contact.search([("komunigi_partner_id", "=", self.id)])
        return synced | Contact._komunigi_of_addresses([self.email])

    def _komunigi_newsletter_eligible(self):
        """Contacts of an active member co-op may receive the newsletter."""
        self.ensure_one()
        return bool(
            not self.is_company
            and self.commercial_partner_id != self
            and self._komunigi_active_membership()
        )

    def _komunigi_newsletter_status(self):
        """What the portal shows: can this person subscribe, are they subscribed."""
        self.ensure_one()
        lists = (
            self.env["mail.mass_mailing.list"]
            .sudo()
            .search([("komunigi_newsletter", "=", True)])
        )
        contacts = self._komunigi_newsletter_contacts()
        receiving = contacts.filtered(lambda c: not c.opt_out and c.list_ids & lists)
        return {
            "eligible": self._komunigi_newsletter_eligible(),
            "email": self.email,
            "subscribed": bool(receiving),
            "opted_out": any(contacts.mapped("opt_out")),
            "lists": receiving.mapped("list_ids").filtered(
                lambda mlist: mlist in lists
            ),
        }

    def _komunigi_newsletter_holds(self, subscribe, contacts):
        """True when the choice is already recorded: the form sent twice (or 20
        times in parallel) then writes once, and the copies cannot conflict."""
        return (
            bool(contacts)
            and self.komunigi_newsletter_opt_in == bool(subscribe)
            and all(contact.opt_out != bool(subscribe) for contact in contacts)
        )

    def _komunigi_newsletter_subscribe(self, subscribe):
        """The person's own choice, the only way back for someone who opted out."""
        self.ensure_one()
        if not self._komunigi_newsletter_eligible():
            raise UserError(
                _("Only the contacts of an active member co-op receive the newsletter.")
            )
        if not self.email:
            raise UserError(
                _("Give your e-mail address first: the newsletter is sent to it.")
            )
        contacts = self._komunigi_newsletter_contacts()
        if self._komunigi_newsletter_holds(subscribe, contacts):
            return self._komunigi_newsletter_status()  # sent again: nothing to write
        self.sudo().with_context(komunigi_no_sync=True).write(
            {"komunigi_newsletter_opt_in": bool(subscribe)}
        )
        if subscribe:
            contacts.write({"opt_out": False})
        elif contacts:
            contacts.write({"opt_out": True})
        else:
            # An opted-out contact keeps a representative out of the next syncs too.
            contacts.create(
                {
                    "name": self.name,
                    "email": self.email.strip(),
                    "komunigi_partner_id": self.id,
                    "opt_out": True,
                }
            )
        self.env["komunigi.audience"]._sync_all()
        return self._komunigi_newsletter_status()
