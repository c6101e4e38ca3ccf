The demo has co-financings in every state (the migration from Odoo 9 to 12 funded,
invoiced and done; one invoiced while its request is developed; one cancelled) and a
closed funding round with its outcome beside the open one.
