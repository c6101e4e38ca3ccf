# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..lib import digest as digest_rules

SUMMARY_LENGTH = 240
# Events told in the "Project log" section with the entries written by hand: the
# joins and leaves have the "New members" section, read from the memberships.
LOG_EVENTS = (False, "joined", "left", "minutes")


class KomunigiNewsletterDigest(models.AbstractModel):
    """What happened in a date range, section by section, for the newsletter.

    The newsletter reads the project log, the contract every addon writes to: the
    published entries tell the news, and each event an installed addon adds to the
    log (a session closed, a co-financing funded...) gets its own section, titled by
    the event's label, in the order of the selection. The newsletter names no model
    of those addons.
    """

    _name = "komunigi.newsletter.digest"
    _description = "Newsletter digest"

    @api.model
    def _check_range(self, start, end):
        """Refuse a bad range with a translated message (see lib/digest.py)."""
        try:
            digest_rules.check_range(start, end)
        except digest_rules.DigestError as error:
            raise UserError(_(error.msgid) % error.params) from error

    @api.model
    def _local_date(self, timestamp):
        """The day (in the user's time zone) of a UTC timestamp string."""
        if not timestamp:
            return None
        moment = fields.Datetime.from_string(timestamp)
        return fields.Date.from_string(
            fields.Date.context_today(self, timestamp=moment)
        )

    @api.model
    def _summary(self, html):
        text = " ".join(html2plaintext(html or "").split())
        if len(text) > SUMMARY_LENGTH:
            text = text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
        return text

    # --- sections --------------------------------------------------------------------
    @api.model
    def _section(self, key, title, items, start, end):
        """A section holds exactly the items dated in the range, oldest first."""
        return {
            "key": key,
            "title": title,
            "items": digest_rules.select(items, start, end, key=lambda i: i["date"]),
        }

    @api.model
    def _event_sections(self):
        """[(event, title)] of the events that have their own section."""
        Entry = self.env["komunigi.log.entry"]
        selection = Entry._fields["source_event"]._description_selection(self.env)
        return [(event, title) for event, title in selection if event not in LOG_EVENTS]

    @api.model
    def _sections(self, start, end):
        """The digest of the days from `start` to `end` (dates), both included."""
        entries = self._published_entries(start, end)
        sections = [
            self._section(
                "log",
                _("Project log"),
                self._entry_items(
                    entries.filtered(lambda e: e.source_event in LOG_EVENTS)
                ),
                start,
                end,
            ),
            self._section(
                "members", _("New members"), self._member_items(), start, end
            ),
        ]
        for event, title in self._event_sections():
            sections.append(
                self._section(
                    event,
                    title,
                    self._entry_items(
                        entries.filtered(lambda e, ev=event: e.source_event == ev)
                    ),
                    start,
                    end,
                )
            )
        return sections

    @api.model
    def _published_entries(self, start, end):
        return self.env["komunigi.log.entry"].search(
            [
                ("is_published", "=", True),
                ("date", ">=", fields.Date.to_string(start)),
                ("date", "<=", fields.Date.to_string(end)),
            ]
        )

    @api.model
    def _entry_items(self, entries):
        """Each entry links to its record's public page, else to the log's page:
        every reader of the newsletter may follow it, logged in or not."""
        return [
            {
                "name": entry.name,
                "date": fields.Date.from_string(entry.date),
                "url": entry.public_url or entry.website_url,
                "summary": self._summary(entry.body),
            }
            for entry in entries
        ]

    @api.model
    def _member_items(self):
        memberships = (
            self.env["komunigi.membership"]
            .sudo()
            .search([("state", "in", ("active", "suspended", "ended"))])
        )
        joined = {
            entry.source_id: entry
            for entry in self.env["komunigi.log.entry"].search(
                [
                    ("source_model", "=", "komunigi.membership"),
                    ("source_event", "=", "joined"),
                    ("is_published", "=", True),
                ]
            )
        }
        return [
            {
                "name": membership.partner_id.name,
                "date": fields.Date.from_string(membership.date_start),
                "url": joined[membership.id].website_url
                if membership.id in joined
                else "/komunigi/log",
                "summary": membership.tier_id.name,
            }
            for membership in memberships
        ]

    # --- body ------------------------------------------------------------------------
    @api.model
    def _render(self, start, end):
        """The HTML body of the newsletter (links relative: sending makes them absolute
        and replaces the unsubscribe placeholder with each recipient's own link)."""
        html = self.env["ir.qweb"].render(
            "komunigi_newsletter.newsletter_body",
            {
                "heading": _("%s: news of the intercooperation")
                % self.env.user.company_id.name,
                "period": _("What happened from %(start)s to %(end)s.")
                % {"start": self._format_date(start), "end": self._format_date(end)},
                "sections": self._sections(start, end),
                "format_date": self._format_date,
            },
        )
        return html.decode() if isinstance(html, bytes) else html

    @api.model
    def _format_date(self, day):
        """A date in the user's language format (e.g. 31/03/2026 in French)."""
        return self.env["komunigi.log.entry"]._format_day(day)
