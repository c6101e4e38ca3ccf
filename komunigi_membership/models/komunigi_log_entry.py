# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)


class KomunigiLogEntry(models.Model):
    """An entry of the project log ("journal de bord") that keeps members informed.

    The log is the contract between the addons and whoever tells the news (the
    website log, the newsletter): each addon drafts an entry at its own transitions
    with `_draft_event`, and adds its events to `source_event` (selection_add).
    Drafted entries wait in the "To review" state for the coordinator to keep or drop
    them: nothing is published without a human.
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
        [("joined", "A co-op joined"), ("left", "A co-op left")],
        string="Reported event",
        readonly=True,
        copy=False,
        help="What the entry was drafted automatically for.",
    )
    member_url = fields.Char(
        string="Link for members",
        readonly=True,
        copy=False,
        help="The reported record's page for the members who may see it.",
    )
    public_url = fields.Char(
        string="Link for the public",
        readonly=True,
        copy=False,
        help="The reported record's public page, when it has one.",
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

    # --- the contract: automatic entries ---------------------------------------------
    @api.model
    def _source_entry(self, source, event):
        """The entry of `event` on `source`, dropped (archived) entries included.

        Looked up as superuser: the user whose change drafts it (a representative
        who pledges or submits) may not read the entries under review.
        """
        entry = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("source_model", "=", source._name),
                    ("source_id", "=", source.id),
                    ("source_event", "=", event),
                ],
                limit=1,
            )
        )
        return self.browse(entry.id)

    @api.model
    def _draft_event(
        self,
        source,
        event,
        date,
        title,
        body=None,
        member_url=False,
        public_url=False,
        values=None,
    ):
        """The entry that reports `event` of `source` on `date`, drafted once.

        The addon that owns `source` calls it at the transition, and gives the links
        to its record: `member_url` for the members who may see it, `public_url` when
        the record has a public page. Looked up among dropped entries too, so that a
        dropped entry never comes back when a transition repeats; the unique
        constraint is the last guard when two transactions draft at the same time.
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
            member_url=member_url or False,
            public_url=public_url or False,
        )
        try:
            with self.env.cr.savepoint():
                return self.browse(self.sudo().create(vals).id)
        except psycopg2.IntegrityError:  # a concurrent transaction drafted it first
            _logger.info("Log entry for %s %s already drafted", source, event)
            return self._source_entry(source, event)

    @api.model
    def _format_day(self, day):
        """A date (string or date) in the user's language format, for a body."""
        if isinstance(day, str):
            day = fields.Date.from_string(day)
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        return day.strftime(lang.date_format if lang else "%Y-%m-%d")

    @api.model
    def _paragraph(self, text):
        """A body of one paragraph of plain `text`."""
        return "<p>%s</p>" % html_escape(text)

    # --- the events of membership ----------------------------------------------------
    @api.model
    def _draft_membership_event(self, membership, event):
        """The entry of a co-op that joined (activated from draft) or left."""
        coop = membership.partner_id.name
        if event == "joined":
            title = _("%s joins the intercooperation") % coop
            text = _("Welcome to %(coop)s, %(tier)s member since %(date)s.") % {
                "coop": coop,
                "tier": membership.tier_id.name,
                "date": self._format_day(membership.date_start),
            }
        else:
            title = _("%s leaves the intercooperation") % coop
            text = _("%(coop)s was a member until %(date)s.") % {
                "coop": coop,
                "date": self._format_day(membership.date_end or membership.date_start),
            }
        return self._draft_event(
            membership,
            event,
            fields.Date.context_today(self),
            title,
            self._paragraph(text),
        )
