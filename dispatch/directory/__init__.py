"""The directory of offers ("Angebote in Ihrer Nähe"): the vocabulary (topics, target
groups, districts), importing and exporting (CSV, HSDS 3.0), the search, and what the
phone and SMS read out of it."""
