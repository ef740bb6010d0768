"""Administration of one Kommune: audit log, settings, staff accounts."""
