"""What starting vp-tui skips: pydantic's search for plugins, which vp-tui never uses.

Looking for pydantic plugins scans every installed distribution, so vp-tui switches the search
off (``PYDANTIC_DISABLE_PLUGINS``). Even then, building the first model imports pydantic's
plugin loader, and with it ``importlib.metadata`` and the ``email`` package: about 12 ms of
the 130 ms that ``vp-tui validate`` takes. A stand-in for the loader answers "no plugins", as
the loader itself does while the search is off, and hands over to the real loader for anything
else. ``pydantic.plugin._loader`` is private to pydantic: ``tests/unit/test_startup.py`` checks
that pydantic still asks it for ``get_plugins`` and nothing else.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"
PLUGINS_OFF = ("__all__", "1", "true")
"""The values of ``PYDANTIC_DISABLE_PLUGINS`` that switch every plugin off (pydantic's own)."""
LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugins() -> None:
    """Switch pydantic's plugins off and, unless the loader is imported already, stand in for it."""
    os.environ.setdefault(PLUGINS_ENV, "__all__")
    if LOADER in sys.modules:
        return
    stand_in = ModuleType(LOADER, "vp-tui's stand-in for pydantic's plugin loader (vp_tui.startup)")
    stand_in.get_plugins = _get_plugins  # type: ignore[attr-defined]
    setattr(stand_in, "__getattr__", _real_attribute)  # noqa: B010 (a module's __getattr__)
    sys.modules[LOADER] = stand_in


def _real_loader() -> ModuleType:
    """The real plugin loader, imported in place of the stand-in."""
    current = sys.modules.get(LOADER)
    if current is not None and current.get_plugins is _get_plugins:
        del sys.modules[LOADER]
    return import_module(LOADER)


def _get_plugins() -> Any:
    """No plugins while they are switched off; else what pydantic's loader finds."""
    if os.environ.get(PLUGINS_ENV) in PLUGINS_OFF:
        return ()
    return _real_loader().get_plugins()


def _real_attribute(name: str) -> Any:
    """Anything else pydantic asks the loader for comes from the real one."""
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_real_loader(), name)
