"""Dashboard views, one module per page group: load and check → authorise → act → render."""
