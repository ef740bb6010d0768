"""The call log, one call's path, and its recordings."""
