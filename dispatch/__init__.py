"""Domain operations over the models: taking requests, matching, rounds, closing the loop.

Plain functions that change rows in the current session and create the follow-up
:class:`~models.Task` rows; the caller commits. Only task handlers reach Twilio (through
:mod:`telephony`): sending in :mod:`dispatch.tasks`, deleting recordings in
:mod:`dispatch.privacy`.
"""
