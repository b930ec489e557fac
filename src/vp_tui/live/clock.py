"""The clock that stamps history events (it lives in the model, which stamps them)."""

from __future__ import annotations

from vp_tui.model.clock import Clock, system_clock

__all__ = ["Clock", "system_clock"]
