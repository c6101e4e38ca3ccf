The demo has a year of dues: BEES coop, Oufticoop, La Fève and Demain have been members
for more than a year; the dues run invoices every active member, the invoices are
validated and three co-ops have paid (Odoo's payment registration).
