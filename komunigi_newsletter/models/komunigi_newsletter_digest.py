# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..lib import digest as digest_rules

SUMMARY_LENGTH = 240


class KomunigiNewsletterDigest(models.AbstractModel):
    """What happened in a date range, section by section, for the newsletter.

    The sections of `komunigi_request_vote` and `komunigi_cofinancing` appear only when
    those addons are installed: their models are read when they exist, never imported.
    Events that leave no date of their own (a request delivered, a co-financing funded)
    are dated by the tracked change of their state.
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

    # --- dates -----------------------------------------------------------------------
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
    def _state_labels(self, model, state):
        """The label of `state` in every installed language: the tracking stores
        labels, in the language of whoever made the change."""
        labels = set()
        for lang, _lang_name in self.env["res.lang"].get_installed():
            selection = (
                self.env[model].with_context(lang=lang).fields_get(["state"])["state"]
            )["selection"]
            labels.add(dict(selection)[state])
        return tuple(labels)

    @api.model
    def _reached_dates(self, records, state, fallback="write_date"):
        """For each record, the day it last reached `state` (by its tracked changes);
        records whose change was not tracked fall back to the `fallback` timestamp."""
        if not records:
            return {}
        self.env.cr.execute(
            """
            SELECT m.res_id, max(m.date)
              FROM mail_tracking_value v
              JOIN mail_message m ON m.id = v.mail_message_id
             WHERE m.model = %s AND m.res_id IN %s
               AND v.field = 'state' AND v.new_value_char IN %s
             GROUP BY m.res_id
            """,
            (
                records._name,
                tuple(records.ids),
                self._state_labels(records._name, state),
            ),
        )
        tracked = dict(self.env.cr.fetchall())
        return {
            record.id: self._local_date(tracked.get(record.id) or record[fallback])
            for record in records
        }

    # --- links -----------------------------------------------------------------------
    @api.model
    def _record_url(self, record):
        """The record's own page for every reader (its `website_url`): the addon
        that owns the record answers it, with the portal page to those who may see
        it and the public page to everyone else."""
        return record.website_url

    @api.model
    def _summary(self, html):
        text = " ".join(html2plaintext(html or "").split())
        if len(text) > SUMMARY_LENGTH:
            text = text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "\u2026"
        return text

    # --- events of the optional addons -----------------------------------------------
    @api.model
    def _recent_events(self, since, until):
        """[(event, records, {id: day})] of the optional addons, for the log's cron."""
        events = []
        if "komunigi.session" in self.env:
            sessions = (
                self.env["komunigi.session"].sudo().search([("state", "=", "closed")])
            )
            events.append(
                ("session_closed", sessions, self._reached_dates(sessions, "closed"))
            )
        if "komunigi.cofinancing" in self.env:
            cofinancings = (
                self.env["komunigi.cofinancing"]
                .sudo()
                .search([("state", "in", ("funded", "invoiced", "done"))])
            )
            events.append(
                (
                    "cofinancing_funded",
                    cofinancings,
                    self._reached_dates(cofinancings, "funded"),
                )
            )
        if "komunigi.request" in self.env:
            requests = (
                self.env["komunigi.request"]
                .sudo()
                .search([("state", "=", "delivered")])
            )
            events.append(
                (
                    "request_delivered",
                    requests,
                    self._reached_dates(requests, "delivered"),
                )
            )
        return events

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
    def _sections(self, start, end):
        """The digest of the days from `start` to `end` (dates), both included."""
        sections = [
            self._section(
                "log", _("Project log"), self._log_items(start, end), start, end
            ),
            self._section(
                "members", _("New members"), self._member_items(), start, end
            ),
        ]
        if "komunigi.request" in self.env:
            sections.append(
                self._section(
                    "requests", _("New requests"), self._request_items(), start, end
                )
            )
        if "komunigi.session" in self.env:
            sections.append(
                self._section(
                    "sessions", _("Session results"), self._session_items(), start, end
                )
            )
        if "komunigi.cofinancing" in self.env:
            sections.append(
                self._section(
                    "cofinancings",
                    _("Funded co-financings"),
                    self._cofinancing_items(),
                    start,
                    end,
                )
            )
        if "komunigi.request" in self.env:
            sections.append(
                self._section(
                    "deliveries", _("Deliveries"), self._delivery_items(), start, end
                )
            )
        return sections

    @api.model
    def _log_items(self, start, end):
        entries = self.env["komunigi.log.entry"].search(
            [
                ("is_published", "=", True),
                ("date", ">=", fields.Date.to_string(start)),
                ("date", "<=", fields.Date.to_string(end)),
            ]
        )
        return [
            {
                "name": entry.name,
                "date": fields.Date.from_string(entry.date),
                "url": entry.website_url,
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

    @api.model
    def _request_items(self):
        """Requests, dated by their submission."""
        return self._requests_reaching(
            "submitted", [("state", "!=", "draft")], fallback="create_date"
        )

    @api.model
    def _delivery_items(self):
        """Delivered requests, dated by their delivery."""
        return self._requests_reaching("delivered", [("state", "=", "delivered")])

    @api.model
    def _requests_reaching(self, state, domain, fallback="write_date"):
        requests = self.env["komunigi.request"].sudo().search(domain)
        reached = self._reached_dates(requests, state, fallback=fallback)
        return [
            {
                "name": request.display_title,
                "date": reached[request.id],
                "url": self._record_url(request),
                "summary": _("Requested by %s") % request.partner_id.name,
            }
            for request in requests
        ]

    @api.model
    def _session_items(self):
        sessions = (
            self.env["komunigi.session"].sudo().search([("state", "=", "closed")])
        )
        return [
            {
                "name": session.name,
                "date": fields.Date.from_string(session.date),
                "url": self._record_url(session),
                "summary": "; ".join(
                    "%s: %s" % (item.name, item.result_summary)
                    for item in session.item_ids
                    if item.result_summary
                ),
            }
            for session in sessions
        ]

    @api.model
    def _cofinancing_items(self):
        cofinancings = (
            self.env["komunigi.cofinancing"]
            .sudo()
            .search([("state", "in", ("funded", "invoiced", "done"))])
        )
        funded = self._reached_dates(cofinancings, "funded")
        return [
            {
                "name": cofinancing.name,
                "date": funded[cofinancing.id],
                "url": self._record_url(cofinancing),
                "summary": ", ".join(cofinancing._public_cofunders().mapped("name")),
            }
            for cofinancing in cofinancings
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
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        date_format = lang.date_format if lang else "%Y-%m-%d"
        return day.strftime(date_format)
