"""Export what is on screen: the session's HTML report and an SVG picture of the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from vp_tui.model.session import Session


def export_view(app: App[Any], session: Session, folder: Path, stem: str) -> list[Path]:
    """Write ``STEM-report.html`` and ``STEM-screen.svg`` in ``folder``; say where, or why not."""
    from vp_tui.report import RENDERERS
    from vp_tui.storage.save import PRIVATE, atomic_write

    report = folder / f"{stem}-report.html"
    picture = folder / f"{stem}-screen.svg"
    try:
        # Both show ratings and notes: private to their owner, like the session file.
        atomic_write(report, RENDERERS["html"](session).encode("utf-8"), mode=PRIVATE)
        atomic_write(picture, app.export_screenshot().encode("utf-8"), mode=PRIVATE)
    except OSError as error:
        app.notify(
            f"{folder}: {error.strerror or error}",
            title="Not exported",
            severity="error",
            markup=False,
        )
        return []
    app.notify(f"{report}\n{picture}", title="Exported", markup=False, timeout=10)
    return [report, picture]
