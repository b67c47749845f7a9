"""Trailbook's desktop app (Qt). Holds windows, widgets, item models and workers; no SQL and no business rules."""
