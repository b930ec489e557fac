"""Export what is on screen: the session's HTML report and an SVG picture of the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.worker import Worker

from vp_tui.live.autosave import detached
from vp_tui.model.session import Session


def export_view(app: App[Any], session: Session, folder: Path, stem: str) -> Worker[list[Path]]:
    """Write ``STEM-report.html`` and ``STEM-screen.svg`` in ``folder``; say where, or why not.

    The picture is taken now, of the screen as it is; rendering the report and writing both
    (each synced to disk) happen in a thread, which the event loop, shared by every partner's
    app in a hosted session, does not wait for.
    """
    picture = app.export_screenshot()
    copy = detached(session)  # the session may change while the thread renders it

    def write() -> list[Path]:
        return _write(app, copy, picture, folder, stem)

    return app.run_worker(write, name="export", group="export", thread=True)


def _write(app: App[Any], session: Session, svg: str, folder: Path, stem: str) -> list[Path]:
    from vp_tui.report.html_report import render_html_checked
    from vp_tui.storage.save import PRIVATE, atomic_write

    report = folder / f"{stem}-report.html"
    picture = folder / f"{stem}-screen.svg"
    page, problem = render_html_checked(session)
    if problem is not None:  # the facilitator's own templates: said on screen, not on stderr
        app.call_from_thread(
            app.notify,
            problem,
            title="Your HTML templates were not used",
            severity="warning",
            markup=False,
            timeout=20,
        )
    try:
        # Both show ratings and notes: private to their owner, like the session file.
        atomic_write(report, page.encode("utf-8"), mode=PRIVATE)
        atomic_write(picture, svg.encode("utf-8"), mode=PRIVATE)
    except OSError as error:
        app.call_from_thread(
            app.notify,
            f"{folder}: {error.strerror or error}",
            title="Not exported",
            severity="error",
            markup=False,
        )
        return []
    app.call_from_thread(
        app.notify, f"{report}\n{picture}", title="Exported", markup=False, timeout=10
    )
    return [report, picture]
