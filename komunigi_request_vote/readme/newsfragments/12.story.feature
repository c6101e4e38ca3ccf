The demo tells the seeds' story through the public methods: two closed sessions with
their results (a Schulze ranking of the backlog, a yes/no vote), an open session that
BEES coop (login ``bees``) can still vote in, and a public roadmap with a request in each
of its sections.
