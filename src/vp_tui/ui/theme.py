"""The app's own theme: high contrast, for projectors, bright rooms and tired eyes."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#00E5FF",
    secondary="#FFFF00",
    accent="#FFFF00",
    # Each verdict's colour stands at least 4.5:1 against the black and the highlighted row.
    success="#00FF66",
    warning="#FFD400",
    error="#FF7A7A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#262626",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#D0D0D0",
        "border": "#FFFFFF",
        "border-blurred": "#A0A0A0",
        # The highlighted row is marked by an underline on a dark grey, so that the
        # verdicts keep their colours (and their contrast) on it.
        "block-cursor-background": "#333333",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold underline",
        "block-cursor-blurred-background": "#262626",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-text-style": "underline",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#00E5FF 50%",
        "scrollbar": "#808080",
        "scrollbar-hover": "#C0C0C0",
        "scrollbar-active": "#FFFFFF",
    },
)
"""A black theme of bright colours, offered in the command palette's theme picker."""

THEMES = (HIGH_CONTRAST,)
"""The themes the app adds to Textual's own."""
