"""Domain operations over the models: taking requests, matching, rounds, closing the loop.

Plain functions that change rows in the current session and create the follow-up
:class:`~models.Task` rows; the caller commits. Nothing here talks HTTP.
"""
