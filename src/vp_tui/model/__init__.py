"""The pure domain of vp-tui: the session format, scoring, templates and history."""
