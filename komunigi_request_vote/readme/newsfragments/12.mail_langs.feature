The invitations to a decision session's meeting are written in each representative's
language.
