"""Anrufkette: the daily check-in calls of clients, and their trusted contacts."""
