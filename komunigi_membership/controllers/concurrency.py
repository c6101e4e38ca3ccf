# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal writes that two requests can race are run again from a fresh transaction.

Odoo 11 runs each route inside ``odoo.service.model.check``, which retries a serialization
failure or a lock timeout five times, but not a unique violation: a representative who
double-clicks "Vote", or whose browser sends a form twice, would get an error page for
the second request when both insert the same ballot. Odoo runs each request in a
REPEATABLE READ transaction, so a lock taken inside the route cannot help: the snapshot
was taken before the lock was granted, and the competitor's ballot stays invisible.
The only sound answer is the one Odoo gives RPC: roll back, and run the route again on a
new snapshot, where the competitor's write is visible. The model methods the routes call
are idempotent (a ballot cast again with the same value writes nothing), so the second
run finds what the first one wrote and the effect happens once.
"""

import functools
import logging
import random
import time

from psycopg2 import IntegrityError, OperationalError, errorcodes
from werkzeug.exceptions import ServiceUnavailable

from odoo import _
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

_logger = logging.getLogger(__name__)

# A unique violation is a concurrency failure too: two requests inserted the same row.
RETRIED_ERRORS = PG_CONCURRENCY_ERRORS_TO_RETRY + (errorcodes.UNIQUE_VIOLATION,)
MAX_TRIES = 10


def _backoff(attempt):
    """Random waits that grow, so that competitors stop colliding (as RPC does)."""
    return random.uniform(0.0, min(2.0, 0.05 * 2**attempt))


def retrying(route_handler):
    """Decorate a route's handler (under ``@route``): concurrency failures are retried.

    After ``MAX_TRIES`` the visitor gets a 503 page that says to try again, never a 500.
    """

    @functools.wraps(route_handler)
    def wrapper(*args, **kwargs):
        for attempt in range(1, MAX_TRIES + 1):
            try:
                return route_handler(*args, **kwargs)
            except (IntegrityError, OperationalError) as error:
                if error.pgcode not in RETRIED_ERRORS:
                    raise
                request.env.cr.rollback()
                request.env.clear()
                if attempt == MAX_TRIES:
                    _logger.warning("%s: %s, giving up", route_handler.__name__, error)
                    raise ServiceUnavailable(
                        _("Many requests change this at the same time: try again.")
                    ) from error
                _logger.info(
                    "%s: %s, retry %d/%d",
                    route_handler.__name__,
                    errorcodes.lookup(error.pgcode),
                    attempt,
                    MAX_TRIES,
                )
                time.sleep(_backoff(attempt))

    return wrapper
