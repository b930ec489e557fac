"""Let go of what Textual's process-wide caches keep of an app that has ended.

A few Textual methods are wrapped in ``functools.lru_cache``, whose keys include ``self``: the
cache, shared by the whole process, keeps up to 1024 of those objects alive after their app has
gone. One app per process (Textual's usual life) never notices. A server that starts an app per
connection does: each ended connection leaves widgets' render caches (a screenful of lines),
its key parser and its colour filter pinned until newer entries push them out, about 100 KB a
connection, for the first few hundred connections. Clearing these caches when an app ends costs
the apps still running a few recomputed entries and returns that memory at once.

Two more caches are keyed by sizes rather than apps: blank lines by their width, and the cell
widths of texts by the text (a line of a wide screen is a long key). Bounded, but a partner
whose terminal was 500 columns wide, or who resized it again and again, fills them with lines
no one else draws: they are cleared with the rest.
"""

from __future__ import annotations

import logging

from vp_tui.ssh.compat import APP_CACHES

logger = logging.getLogger(__name__)


def release_app_caches() -> None:
    """Clear the Textual caches that would otherwise keep parts of ended apps alive."""
    for cached in APP_CACHES:
        clear = getattr(cached, "cache_clear", None)
        if clear is None:  # a Textual that no longer caches this way: nothing to release
            logger.debug("%r has no cache to clear", cached)
            continue
        clear()
