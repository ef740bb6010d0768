"""Figures for planning: counts, charts and CSV exports for a period."""
