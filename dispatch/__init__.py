"""The domain: the only code that changes a request, an offer or a flag.

- :mod:`dispatch.states` — the lifecycles as tables (state × event → state, effects)
- :mod:`dispatch.lifecycle` — applies them: the named operations channels call
- :mod:`dispatch.intake`, :mod:`dispatch.rounds`, :mod:`dispatch.matching` — taking a
  request, the search rounds, who to ask
- :mod:`dispatch.notices` — telling the client, the follow-up
- :mod:`dispatch.delivery` — handing SMS and calls to :mod:`telephony`, and their fate
- :mod:`dispatch.work` — every kind of background work, typed (run by :mod:`jobs.handlers`)
- :mod:`dispatch.privacy`, :mod:`dispatch.retention` — export, erasure, retention limits

Functions change rows in the given session; the caller commits.
"""
