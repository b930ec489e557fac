"""The partners' page: a join form, then textual-serve's browser client on a websocket.

Our own page, not textual-serve's template (which links a web font from outside): every
script, style and font comes from this server, as the Content-Security-Policy demands."""

from __future__ import annotations

BROWSER_KEPT = ("ctrl+w", "ctrl+t", "ctrl+n", "ctrl+q", "f5")
"""Keys a browser keeps for itself (close, new tab, new window, quit, reload): they never
reach the page, so no action a partner needs may be bound only to them."""
BROWSER_KEYS = (
    "Use the keys shown at the bottom of the workshop screen, or the mouse; ? shows them all. "
    "Your browser keeps Ctrl+W, Ctrl+T, Ctrl+N, Ctrl+Q and F5 for itself: "
    "the workshop needs none of them (to leave, close the tab)."
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>vp-tui workshop</title>
<link rel="stylesheet" href="static/css/xterm.css">
<link rel="stylesheet" href="vp/page.css">
<script src="vp/join.js" defer></script>
</head>
<body>
<form id="join" class="join" autocomplete="off">
<h1>Value Proposition workshop</h1>
<p>Type the join code the facilitator gave you.</p>
<label for="code">Join code</label>
<input id="code" name="code" type="password" maxlength="64" required autofocus
 autocapitalize="characters" spellcheck="false">
<button type="submit">Join</button>
<p id="message" role="status"></p>
<p class="keys">{keys}</p>
</form>
<div id="closed" class="closed"><span>The connection to the workshop closed.</span>
<button id="rejoin" type="button">Join again</button></div>
</body>
</html>
"""


def page_html() -> str:
    """The page partners open."""
    return _PAGE.format(keys=BROWSER_KEYS)
