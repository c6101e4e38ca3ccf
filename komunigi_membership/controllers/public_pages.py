# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the public pages of every addon (a request, a session's results, a
co-financing) do alike: show what a model publishes to everyone, and send a reader
who may see more to the portal page instead.
"""

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError
from odoo.http import request, route


def public_route(*paths):
    """The route of a public page: for every reader, logged in or not, inside the
    website (its layout, language and company)."""
    return route(list(paths), type="http", auth="public", website=True)


def render_public_values(model, record_id, template, key):
    """The public page of a record of `model` the website's company publishes: the
    plain values the model publishes of it (`_public_values`), as `key` of
    `template`."""
    domain = request.env[model]._public_domain(request.website.company_id)
    record = public_record(model, domain, record_id)
    return request.render(template, {key: record._public_values()})


def public_record(model, domain, record_id):
    """The record of `model` that `domain` publishes, read with sudo.

    Anything else is not found, whoever asks, so that an unpublished record is not
    even known to exist.
    """
    record = request.env[model].sudo().search(domain + [("id", "=", record_id)])
    if not record:
        raise NotFound()
    return record


def search_as_user(model, domain):
    """The records of `domain` the logged-in user may read (the record rules
    decide), else an empty recordset; the public user reads none."""
    Model = request.env[model]
    if request.website.is_public_user():
        return Model.browse()
    if not Model.check_access_rights("read", raise_exception=False):
        return Model.browse()
    try:
        return Model.search(domain)
    except AccessError:
        return Model.browse()
