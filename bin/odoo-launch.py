"""Odoo's command line, with the web addons imported before the HTTP server starts.

Odoo 11 imports every addon on the first HTTP request. When that request arrives while
the server preloads its database, two threads import the same modules and the preload
can meet a half-imported one: "Model 'mail.wizard.invite' does not exist in registry",
a traceback in the log and a second registry load. Importing them first, in one
thread, leaves nothing to race for. `bin/komunigi-env` and the suite's test server
run Odoo through this file.
"""

import odoo.cli
import odoo.http
from odoo.service import server

_start = server.ThreadedServer.start


def start(self, stop=False):
    if not stop:
        odoo.http.root._loaded = True
        odoo.http.root.load_addons()
    return _start(self, stop=stop)


server.ThreadedServer.start = start

if __name__ == "__main__":
    odoo.cli.main()
