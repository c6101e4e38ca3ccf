# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fields the addons define alike, written once so that they mean the same
everywhere: a co-op, the record another one is a part of, the state of a life
cycle."""

from odoo import fields


def coop_field(**attrs):
    """A co-op: a company partner, never one of its representatives (their users act
    for it). Labelled "Co-op" unless `attrs` names it otherwise."""
    attrs.setdefault("string", "Co-op")
    return fields.Many2one(
        "res.partner", required=True, domain=[("is_company", "=", True)], **attrs
    )


def part_of(comodel, **attrs):
    """The record of `comodel` this one is a part of (a share of its co-financing, a
    ballot of its agenda item, the dues of their invoice line): required, deleted
    with it, and indexed, since the list of its parts is read by it."""
    return fields.Many2one(
        comodel, required=True, ondelete="cascade", index=True, **attrs
    )


def life_cycle_state(selection, default="draft", **attrs):
    """The state of a record's life cycle: only its actions move it (read-only, and
    a copy starts the cycle again), and each move is tracked in the chatter."""
    return fields.Selection(
        selection,
        required=True,
        default=default,
        readonly=True,
        copy=False,
        track_visibility="onchange",
        **attrs,
    )


def figure(compute, string=None, percent=False, **attrs):
    """A figure of the Komunigi overview (`komunigi.dashboard`): computed by
    `compute` each time it is read, never stored; an amount in the company's
    currency, or with `percent` a percentage (0 to 100 and over)."""
    kind = fields.Float if percent else fields.Monetary
    return kind(string=string, compute=compute, **attrs)
