PDF documents: the co-financing agreement (parties, request, total, split method,
each co-op's commitment and share, milestones, signatures) and the funding round
result (selected requests, what each co-op pays, the rule and its tie-breaking, how to
check the outcome again with the round's ``.pb`` export). Coordinators print them from
the backend; representatives download them from ``/my/cofinancings/<id>`` and
``/my/rounds``.
