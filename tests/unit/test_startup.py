"""What `vp-tui validate` skips at start-up, and that skipping it changes nothing else."""

from __future__ import annotations

import inspect
import subprocess
import sys

from tests.conftest import GOOD

WORKED = str(GOOD / "worked-example.toml")


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_pydantic_asks_its_plugin_loader_for_get_plugins_only() -> None:
    # The stand-in in vp_tui.startup replaces pydantic.plugin._loader: pydantic must still
    # import that module by that name, for get_plugins, and nowhere else.
    import pydantic.plugin._loader as loader
    import pydantic.plugin._schema_validator as schema_validator

    assert "from ._loader import get_plugins" in inspect.getsource(schema_validator)
    assert inspect.getsource(schema_validator).count("_loader") == 1
    assert callable(loader.get_plugins)


def test_the_stand_in_hands_over_when_plugins_are_switched_back_on() -> None:
    code = (
        "import os, sys\n"
        "from vp_tui.startup import LOADER, skip_pydantic_plugins\n"
        "skip_pydantic_plugins()\n"
        "stand_in = sys.modules[LOADER]\n"
        "print(tuple(stand_in.get_plugins()) == ())\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = 'some-plugin'\n"
        "stand_in.get_plugins()\n"
        "print(sys.modules[LOADER] is not stand_in, 'importlib.metadata' in sys.modules)\n"
    )
    assert _run(code).split() == ["True", "True", "True"]


def test_main_in_process_leaves_the_collector_as_it_found_it() -> None:
    code = (
        "import gc, contextlib, io\n"
        "from vp_tui.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['validate', {WORKED!r}])\n"
        "print(gc.isenabled())\n"
    )
    assert _run(code).strip() == "True"
