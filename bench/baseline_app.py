"""The smallest Textual app: one Static. The baseline of the UI benchmarks."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "baseline-ready"


class BaselineApp(App[None]):
    """One Static that a key press updates."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Static(READY, id="only")

    def on_key(self) -> None:
        self.presses += 1
        self.query_one("#only", Static).update(f"{READY} {self.presses}")


if __name__ == "__main__":
    BaselineApp().run()
