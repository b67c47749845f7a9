"""Trailbook's core: the journal store, its rules and formats. Never imports Qt or ``ui``."""

__version__ = "0.1.0"
