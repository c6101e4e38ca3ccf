# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)

# What an automatic entry reports; (model, record, event) is drafted once at most.
EVENTS = [
    ("joined", "A co-op joined"),
    ("left", "A co-op left"),
    ("session_closed", "A session closed"),
    ("cofinancing_funded", "A co-financing was funded"),
    ("request_delivered", "A request was delivered"),
    ("minutes", "Minutes of a meeting"),
]
# The cron drafts entries for the events of the optional addons that happened lately:
# installing the newsletter on an old database does not flood the log with old news.
LOOKBACK_DAYS = 92


class KomunigiLogEntry(models.Model):
    """An entry of the project log ("journal de bord") that keeps members informed.

    Published entries feed the website log and the quarterly newsletter.  Entries
    drafted automatically (a co-op joins or leaves, a session closes...) wait in the
    "To review" state for the coordinator to keep or drop them: nothing is published
    without a human.
    """

    _name = "komunigi.log.entry"
    _description = "Project log entry"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    name = fields.Char(string="Title", required=True, translate=True)
    body = fields.Html()
    is_published = fields.Boolean(
        string="Published",
        copy=False,
        help="Published entries appear on the website log and in the newsletter.",
    )
    state = fields.Selection(
        [("draft", "To review"), ("kept", "Kept")],
        required=True,
        default="kept",
        index=True,
        copy=False,
        help="Automatic entries wait to be reviewed: keep them, or drop them.",
    )
    active = fields.Boolean(default=True, help="Dropped entries are archived.")
    tag_ids = fields.Many2many("komunigi.log.tag", string="Tags")
    source_model = fields.Char(
        string="Reported model", readonly=True, index=True, copy=False
    )
    source_id = fields.Integer(string="Reported record", readonly=True, copy=False)
    source_event = fields.Selection(
        EVENTS,
        string="Reported event",
        readonly=True,
        copy=False,
        help="What the entry was drafted automatically for.",
    )
    meeting_id = fields.Many2one(
        "calendar.event",
        ondelete="set null",
        help="The meeting whose minutes this entry reports.",
    )
    minutes = fields.Binary(related="meeting_id.komunigi_minutes", readonly=True)
    minutes_filename = fields.Char(
        string="Minutes file name",
        related="meeting_id.komunigi_minutes_filename",
        readonly=True,
    )
    website_url = fields.Char(string="Website URL", compute="_compute_website_url")

    _sql_constraints = [
        (
            "source_unique",
            "unique(source_model, source_id, source_event)",
            "This event already has its log entry.",
        )
    ]

    def _compute_website_url(self):
        for entry in self:
            entry.website_url = "/komunigi/log/%d" % entry.id if entry.id else False

    @api.constrains("is_published", "state", "active")
    def _check_publishable(self):
        """Only a kept, not dropped, entry goes public."""
        for entry in self.filtered("is_published"):
            if entry.state != "kept" or not entry.active:
                raise ValidationError(
                    _('Keep the log entry "%s" before publishing it.') % entry.name
                )

    # --- review ----------------------------------------------------------------------
    def action_keep(self):
        self.write({"state": "kept"})

    def action_drop(self):
        """Dropping archives: the entry stays the trace that its event was reported."""
        self.write({"is_published": False, "active": False})

    def action_publish(self):
        self.write({"state": "kept", "is_published": True})

    def action_unpublish(self):
        self.write({"is_published": False})

    # --- automatic entries -----------------------------------------------------------
    @api.model
    def _source_entry(self, source, event):
        """The entry of `event` on `source`, dropped (archived) entries included."""
        return self.with_context(active_test=False).search(
            [
                ("source_model", "=", source._name),
                ("source_id", "=", source.id),
                ("source_event", "=", event),
            ],
            limit=1,
        )

    @api.model
    def _draft_for(self, source, event, date, title, body=None, values=None):
        """The entry that reports `event` of `source`, drafted once.

        Looked up among dropped entries too, so that a dropped entry never comes back;
        the unique constraint is the last guard when two runs draft at the same time.
        The entry is written as superuser: the change that causes it (a membership
        activated by a coordinator, a session closed by the cron) may be made by
        someone who cannot write the log.
        """
        entry = self._source_entry(source, event)
        if entry:
            return entry
        vals = dict(
            values or {},
            name=title,
            body=body or False,
            date=date,
            state="draft",
            source_model=source._name,
            source_id=source.id,
            source_event=event,
        )
        try:
            with self.env.cr.savepoint():
                return self.browse(self.sudo().create(vals).id)
        except psycopg2.IntegrityError:  # a concurrent run drafted it first
            _logger.info("Log entry for %s %s already drafted", source, event)
            return self._source_entry(source, event)

    @api.model
    def _cron_draft_entries(self):
        """Draft an entry for each recent session closed, co-financing funded and
        request delivered, when the addons that own them are installed (no dependency
        on them).

        Run again, it drafts nothing new: each event has one entry at most.
        """
        today = fields.Date.from_string(fields.Date.context_today(self))
        since = today - timedelta(days=LOOKBACK_DAYS)
        digest = self.env["komunigi.newsletter.digest"]
        entries = self.browse()
        for event, records, dates in digest._recent_events(since, today):
            for record in records:
                day = dates[record.id]
                if day is None or day < since:
                    continue
                title, body = self._describe(event, record)
                entries |= self._draft_for(
                    record, event, fields.Date.to_string(day), title, body
                )
        return entries

    @api.model
    def _format_day(self, day):
        digest = self.env["komunigi.newsletter.digest"]
        return digest._format_date(fields.Date.from_string(day))

    @api.model
    def _describe(self, event, record):
        """Title and body of the automatic entry of `event` on `record`."""
        if event == "joined":
            return (
                _("%s joins the intercooperation") % record.partner_id.name,
                "<p>%s</p>"
                % html_escape(
                    _("Welcome to %(coop)s, %(tier)s member since %(date)s.")
                    % {
                        "coop": record.partner_id.name,
                        "tier": record.tier_id.name,
                        "date": self._format_day(record.date_start),
                    }
                ),
            )
        if event == "left":
            return (
                _("%s leaves the intercooperation") % record.partner_id.name,
                "<p>%s</p>"
                % html_escape(
                    _("%(coop)s was a member until %(date)s.")
                    % {
                        "coop": record.partner_id.name,
                        "date": self._format_day(record.date_end or record.date_start),
                    }
                ),
            )
        if event == "session_closed":
            results = "".join(
                "<li>%s: %s</li>"
                % (html_escape(item.name), html_escape(item.result_summary or ""))
                for item in record.item_ids
            )
            return (
                _("Session closed: %s") % record.name,
                "<p>%s</p><ul>%s</ul>" % (html_escape(_("Results:")), results),
            )
        if event == "cofinancing_funded":
            coops = ", ".join(record._public_cofunders().mapped("name"))
            return (
                _("Co-financing funded: %s") % record.name,
                "<p>%s</p>"
                % html_escape(_("Funded by %s.") % (coops or _("its co-funders"))),
            )
        if event == "request_delivered":
            return (
                _("Delivered: %s") % record.display_name,
                "<p>%s</p>"
                % html_escape(_("Requested by %s.") % record.partner_id.name),
            )
        raise UserError(_("Unknown log event %s.") % event)
