"""vp-tui: a facilitated Value Proposition workshop for partnerships, in the terminal."""

__version__ = "0.1.0"
