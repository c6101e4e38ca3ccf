# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The records of co-op B the isolation matrix tries, made by one `odoo shell` run.

Co-op A is BEES coop (user bees), co-op B Oufticoop (user oufticoop). Beyond the
demo, B gets what the demo lacks: a draft request, a ballot in an open session, a
co-financing and a funding round without BEES (with invoices and a round ballot),
its dues. An analyst and a coordinator who is not the superuser are created. Run
again, the script finds what it made. It then reads, for each komunigi model: the
ids of B's records A may not read, the highest id, its access rows and what each
role's groups allow; and the suite's `/my/` and `/komunigi/` routes.
"""

from .odoo_shell import shell_facts

MARKER = "KOMUNIGI_ISOLATION_DATA="

DATA_SCRIPT = r"""
import json
from datetime import datetime, timedelta

import odoo
from odoo import fields, http
from odoo.exceptions import UserError

PREFIX = "Isolation test: "
M = "komunigi_membership."
bees, ouf = env.ref(M + "partner_bees"), env.ref(M + "partner_oufticoop")
demain = env.ref(M + "partner_demain")
Users = env["res.users"].with_context(no_reset_password=True)
now = datetime.now()
today = fields.Date.from_string(fields.Date.context_today(env.user))


def moment(**delta):
    return fields.Datetime.to_string(now + timedelta(**delta))


def user(login, group):
    return Users.search([("login", "=", login)]) or Users.create({
        "name": login.title(), "login": login, "password": login,
        "groups_id": [(6, 0, [env.ref(group).id])],
    })


def once(model, field, name, make):
    found = env[model].search([(field, "=", PREFIX + name)], limit=1)
    return found or make(PREFIX + name)


def request(name, estimated):
    def make(title):
        record = env["komunigi.request"].create({
            "title": title, "partner_id": ouf.id, "estimate_hours": 2,
            "hourly_rate": 50, "description": "<p>Isolation matrix</p>",
        })
        if estimated:
            record.action_submit()
            record.action_start_analysis()
            record.action_estimate()
        return record
    return once("komunigi.request", "title", name, make)


def open_session(title):
    session = env["komunigi.session"].create({
        "name": title, "date": fields.Date.to_string(today),
        "voting_opens": moment(hours=-1), "voting_closes": moment(days=2),
        "item_ids": [(0, 0, {"name": "Decide", "method": "yes_no",
                             "request_ids": [(6, 0, voted.ids)]})],
    })
    session.action_open()
    env["komunigi.ballot"].cast(session.item_ids, ouf, "yes")
    return session


def cofinancing(title):
    record = env["komunigi.cofinancing"].create({
        "name": title, "amount_total": 600, "split_method": "pledges",
        "share_ids": [(0, 0, {"partner_id": p.id, "pledge": 300}) for p in (ouf, demain)],
        "milestone_ids": [(0, 0, {"name": "At delivery", "percent": 100})],
    })
    record.action_invoice_milestone(record.milestone_ids)
    record.mapped("share_ids.invoice_link_ids.invoice_id").action_invoice_open()
    return record


def open_cofinancing(title):
    return env["komunigi.cofinancing"].create({
        "name": title, "amount_total": 600,
        "share_ids": [(0, 0, {"partner_id": p.id}) for p in (ouf, demain)],
    })


def cancelled_cofinancing(title):
    record = open_cofinancing(title)
    record.action_cancel()
    return record


def funding_round(title):
    record = env["komunigi.funding.round"].create({
        "name": title, "date_to": fields.Date.to_string(today + timedelta(days=30)),
        "participant_ids": [(0, 0, {"partner_id": p.id, "budget": 300})
                            for p in (ouf, demain)],
        "request_ids": [(6, 0, offered.ids)],
    })
    record.action_open()
    env["komunigi.funding.round.ballot"].cast(record, ouf, offered)
    return record


def invoice_dues():
    membership = env["komunigi.membership"].search(
        [("partner_id", "=", ouf.id), ("state", "=", "active")])
    if not env["komunigi.membership.dues"].search([("partner_id", "=", ouf.id)]):
        try:
            with env.cr.savepoint():
                membership.action_invoice_due_periods()
                # Validated, as a co-op sees its dues (the portal shows no draft).
                membership.dues_ids.mapped("invoice_id").filtered(
                    lambda invoice: invoice.state == "draft"
                ).action_invoice_open()
        except UserError:
            pass


users = {
    "own_rep": env.ref(M + "user_oufticoop_rep"),
    "other_rep": env.ref(M + "user_bees_rep"),
    "analyst": user("komunigi-iso-analyst", M + "group_analyst"),
    "coordinator": user("komunigi-iso-coordinator", M + "group_coordinator"),
}
draft = request("draft", False)
voted = request("voted", True)
offered = request("offered", True)
once("komunigi.session", "name", "open session", open_session)
invoiced = once("komunigi.cofinancing", "name", "without BEES", cofinancing)
opened = once("komunigi.cofinancing", "name", "open without BEES", open_cofinancing)
b_round = once("komunigi.funding.round", "name", "without BEES", funding_round)
once("komunigi.cofinancing", "name", "cancelled without BEES", cancelled_cofinancing)
once("komunigi.proposal", "title", "proposal", lambda t: env["komunigi.proposal"].create({"title": t}))
once("komunigi.log.entry", "name", "unpublished", lambda t: env["komunigi.log.entry"].create(
    {"name": t, "is_published": False}))
invoice_dues()
# A finished job (no cron takes it while the matrix runs).
once("komunigi.job", "name", "job", lambda t: env["komunigi.job"]._enqueue(
    "dues", t, env["komunigi.membership"], 0, "account.invoice", {}).write({"state": "done"}))
env.cr.commit()


def wizards_of(login):
    # The wizards a user opens on co-op B's records: their ids (the user's own
    # transient records), or the error that refused to create one.
    membership = env["komunigi.membership"].search(
        [("partner_id", "=", ouf.id), ("state", "=", "active")], limit=1)
    values = {
        "komunigi.cofinancing.commit.wizard": {
            "share_id": opened.share_ids.filtered(lambda s: s.partner_id == ouf).id,
            "action": "pledge", "amount": 1, "reason": "isolation probe"},
        "komunigi.cofinancing.join.wizard": {
            "cofinancing_id": invoiced.id, "partner_id": bees.id},
        "komunigi.funding.round.pabulib": {"round_id": b_round.id},
        "komunigi.dashboard": {"coop_id": ouf.id},
        "komunigi.membership.change.wizard": {
            "membership_id": membership.id, "tier_id": membership.tier_id.id,
            "billing_frequency": membership.billing_frequency,
            "date_start": fields.Date.to_string(today)},
        "komunigi.meeting.wizard": {
            "name": PREFIX + "meeting", "start": moment(days=7),
            "partner_ids": [(6, 0, users["own_rep"].partner_id.ids)]},
        "komunigi.newsletter.wizard": {},
        "komunigi.request.close.wizard": {
            "request_id": draft.id, "action": "reject", "reason": "isolation probe"},
        "komunigi.session.wizard": {
            "name": PREFIX + "session", "request_ids": [(6, 0, draft.ids)]},
    }
    made = {}
    for model, vals in values.items():
        try:
            with env.cr.savepoint():
                made[model] = env[model].sudo(login).create(vals).id
        except Exception as error:  # the refusal is the outcome
            made[model] = type(error).__name__
    return made


wizards = {role: wizards_of(users[role]) for role in ("other_rep", "analyst")}
env.cr.commit()


def resolved(value):
    if isinstance(value, (list, tuple)):
        return [resolved(v) for v in value]
    return {"COOP_A": bees.id, "COOP_B": ouf.id}.get(value, value)


def foreign_ids(model, foreign):
    Model = env[model].with_context(active_test=False)
    if isinstance(foreign, dict):  # Apart: B's records unless A takes part
        found = Model.search([(foreign["path"], "=", ouf.id)])
        found -= Model.search([(foreign["path"], "=", bees.id)])
    else:
        found = Model.search(resolved(foreign))
    return sorted(found.ids, reverse=True)[:2]


def access(model):
    allowed = {}
    for role, login in users.items():
        Model = env[model].sudo(login)
        allowed[role] = {op: Model.check_access_rights(op, raise_exception=False)
                         for op in ("read", "write", "create", "unlink")}
    return allowed


def describe(name):
    Model = env[name]
    kind = "abstract" if Model._abstract else ("transient" if Model._transient else "model")
    facts = {"kind": kind, "methods": public_methods(name)}
    if kind == "abstract":
        return facts
    env.cr.execute('SELECT max(id) FROM "%s"' % Model._table)
    facts.update(
        table=Model._table,
        max_id=env.cr.fetchone()[0] or 0,
        access_rows=env["ir.model.access"].search_count([("model_id.model", "=", name)]),
        access=access(name),
    )
    if name in FOREIGN:
        facts["foreign"] = foreign_ids(name, FOREIGN[name])
    facts["probe"] = probe(Model, facts.get("foreign") or [facts["max_id"]])
    return facts


def probe(Model, ids):
    # What a write attempt writes: a field the form edits, with its current value
    # (a write that goes through changes write_date). Commitment fields have their
    # own guard: not those.
    record = Model.sudo().with_context(active_test=False).browse(ids[:1]).exists()
    kinds = ("char", "text", "integer", "float", "monetary", "boolean", "date")
    for kind in kinds:
        for field_name, field in sorted(Model._fields.items()):
            if field.type == kind and field.store and not field.readonly \
                    and not field.related and not field.compute \
                    and field_name not in ("pledge", "amount", "commitment"):
                value = record[field_name] if record else False
                return {field_name: value if value is not None else False}
    return {}


def public_methods(name):
    # Methods the suite defines on the model and RPC can call (no leading _), not
    # the ORM's or another addon's own (create, write, ... are tried as such).
    Model = env[name]
    found = set()
    for cls in type(Model).__mro__:
        if not cls.__module__.startswith("odoo.addons.komunigi_"):
            continue
        for attr, value in vars(cls).items():
            if attr.startswith("_") or not callable(value) or attr in ("init",):
                continue
            if any(attr in vars(other) for other in type(Model).__mro__
                   if not other.__module__.startswith("odoo.addons.komunigi_")):
                continue
            found.add(attr)
    return sorted(found)


def suite_routes():
    installed = sorted(env.registry._init_modules - {"web"})
    routing = http.routing_map([""] + odoo.conf.server_wide_modules + installed, False,
                               converters=env["ir.http"]._get_converters())
    found = {}
    for rule in routing.iter_rules():
        module = getattr(rule.endpoint.method, "__module__", "") or ""
        if rule.rule.startswith(("/my/", "/komunigi/")) and module.startswith(
                "odoo.addons.komunigi_"):
            found[rule.rule] = sorted(rule.endpoint.routing.get("methods") or ["GET", "POST"])
    return found


names = sorted(n for n in env.registry.models if n.startswith("komunigi.")) + ["account.invoice"]
print(MARKER + json.dumps({
    "coop_a": bees.id,
    "coop_b": ouf.id,
    "users": {role: u.id for role, u in users.items()},
    "logins": {role: u.login for role, u in users.items()},
    "public_uid": env.ref("base.public_user").id,
    "models": {name: describe(name) for name in names},
    "targets": {key: foreign_ids(model, domain) for key, (model, domain) in TARGETS.items()},
    "routes": suite_routes(),
    "wizards": wizards,
}))
"""


def plain(value):
    """The table's values as the script's literals (Apart: a dict with its path)."""
    if hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def make_data(models, targets):
    """Run the data script; its facts (a dict)."""
    return shell_facts(
        DATA_SCRIPT,
        MARKER,
        timeout=600,
        FOREIGN={name: plain(row.foreign) for name, row in models.items()},
        TARGETS={
            key: (model, plain(domain)) for key, (model, domain) in targets.items()
        },
    )
