"""Trailbook's desktop app (Qt). Holds windows, widgets, item models and workers; no SQL and no business rules."""

from ui.import_scan import install as _spare_our_modules_pysides_scan

_spare_our_modules_pysides_scan()
