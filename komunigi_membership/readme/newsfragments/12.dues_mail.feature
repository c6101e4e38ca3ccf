Dues that arrive. A company setting, *Validate and e-mail the dues invoices* (on in the
demo), validates each new dues invoice; a scheduled action then e-mails it with Odoo's
invoice template, in the co-op's language and with its PDF, to the co-op's invoicing
address (its contact of type *Invoice address*, else the co-op), once per invoice. A
monthly scheduled action reminds the co-ops of their unpaid dues invoices, a first time
and a second time after delays set in the settings (15 and 45 days after the due date),
once per invoice and level, in the co-op's language; the reminders sent are listed under
*Komunigi > Members > Dues reminders*.
