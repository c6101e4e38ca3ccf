The newsletter goes out in each reader's language: it is prepared as one draft per
language of its readers (a reader without a language, or with one not installed, reads
the coordinator's). Meeting invitations, their changes of date and Odoo's reminders are
written in each attendee's language.
