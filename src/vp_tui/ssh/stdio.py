"""Keep apps run for SSH partners away from the process-wide sys.stdout and sys.stderr.

Textual's ``App._process_messages`` wraps every running app in
``redirect_stdout(capture)`` / ``redirect_stderr(capture)`` (names it imports into
``textual.app``). Those swap the *process-wide* ``sys.stdout``/``sys.stderr`` and put back
whatever was there when the app started. With several apps in one event loop, app A starts
(saves the real stdout), app B starts (saves A's capture), A ends (restores the real stdout), B
ends (restores A's capture, an object of a finished app): the process is left printing into a
dead app, and while they overlap every ``print`` lands in whichever app started last. So while
a server runs, the two names in ``textual.app`` are replaced by versions that do nothing for apps
the server runs (marked with a context variable, which each app's task has its own copy of) and
behave as before for any other app in the process, such as the facilitator's console.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TextIO

import textual.app

from vp_tui.ssh.compat import REDIRECT_NAMES

_serving: ContextVar[bool] = ContextVar("vp_tui_ssh_served_app", default=False)

_originals: dict[str, Any] = {}
_installed = 0


class _RedirectUnlessServed:
    """A stand-in for contextlib.redirect_stdout/stderr that is a no-op inside served apps."""

    def __init__(self, original: Callable[[TextIO], contextlib.AbstractContextManager[Any]]):
        self.original = original

    def __call__(self, target: TextIO) -> contextlib.AbstractContextManager[Any]:
        if _serving.get():
            return contextlib.nullcontext(target)
        return self.original(target)


def mark_served_app() -> None:
    """Mark the current context (an app's own task) as one whose app must not swap sys.stdout."""
    _serving.set(True)


def install() -> None:
    """Start keeping served apps away from sys.stdout/stderr (counted: one per running server)."""
    global _installed
    if _installed == 0:
        namespace = vars(textual.app)
        for name in REDIRECT_NAMES:
            _originals[name] = namespace[name]
            namespace[name] = _RedirectUnlessServed(namespace[name])
    _installed += 1


def uninstall() -> None:
    """Undo one install(); the last one puts Textual's own names back."""
    global _installed
    if _installed == 0:
        return
    _installed -= 1
    if _installed == 0:
        namespace = vars(textual.app)
        for name in REDIRECT_NAMES:
            original = _originals.pop(name)
            # Put the original back only if nobody replaced ours in the meantime.
            if isinstance(namespace.get(name), _RedirectUnlessServed):
                namespace[name] = original
