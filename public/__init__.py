"""The public directory page of a Kommune (``/angebote/<slug>``): no login, no JavaScript."""
