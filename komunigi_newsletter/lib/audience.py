# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a synced mailing list catches up with its audience, with no Odoo import.

A list holds one contact per e-mail address.  The sync adds the people of the audience
and removes the contacts it added once their person leaves the audience; contacts added
by hand (linked to no person) are left alone.  A contact that opted out (unsubscribed
through a mailing's link, or by the coordinator) is never put back in a list by a sync.
"""

from collections import namedtuple

Contact = namedtuple("Contact", "key email person opted_out in_list")
Contact.__doc__ = (
    "A mailing contact: key (its id), email, person (the partner it was synced "
    "from, or None), opted_out, in_list (whether it is in the list)."
)

Plan = namedtuple("Plan", "create add remove relink")
Plan.__doc__ = (
    "create: [(person, email)] contacts to create in the list; add: contact keys to "
    "put in the list; remove: contact keys to take out; relink: [(key, person, email)] "
    "contacts to link to their person (and give their current e-mail)."
)


def normalize(email):
    """The comparable form of an address: stripped and lower-case ('' if none)."""
    return (email or "").strip().lower()


def _match(person, email, by_person, by_email):
    return by_person.get(person) or by_email.get(normalize(email))


def plan(audience, contacts):
    """The changes that make a list hold its audience.

    `audience` maps each person who belongs to the list to their e-mail address (people
    without one cannot be mailed and are left out by the caller); `contacts` are the
    known mailing contacts.  A person is matched with the contact synced from them,
    else with the contact of their address.
    """
    by_person = {c.person: c for c in contacts if c.person is not None}
    by_email = {}
    for contact in contacts:
        by_email.setdefault(normalize(contact.email), contact)
    create, add, relink, kept = [], [], [], set()
    seen_emails = set()
    for person, email in sorted(audience.items(), key=lambda item: str(item[0])):
        address = normalize(email)
        if not address or address in seen_emails:
            continue
        seen_emails.add(address)
        contact = _match(person, email, by_person, by_email)
        if contact is None:
            create.append((person, email.strip()))
            continue
        kept.add(contact.key)
        if contact.person != person or normalize(contact.email) != address:
            relink.append((contact.key, person, email.strip()))
        if not contact.in_list and not contact.opted_out:
            add.append(contact.key)
    remove = [
        c.key
        for c in contacts
        if c.in_list and c.person is not None and c.key not in kept
    ]
    return Plan(create, add, remove, relink)
