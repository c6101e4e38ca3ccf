The demo has co-financings in every state (the migration from Odoo 9 to 12 still open
for Le Nid's answer, one funded, one invoiced while its request is developed, two done,
one cancelled) and a closed funding round with its outcome beside the open one.
