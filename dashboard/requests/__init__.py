"""Help requests: the list, one request's timeline, and what staff can do with it."""
