"""The domain and the headless commands never import Textual (STYLE.md habit 1)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

from tests.conftest import GOOD

HEADLESS_PACKAGES = ["vp_tui.model", "vp_tui.storage", "vp_tui.report", "vp_tui.live"]
"""Every module in these packages, found by walking them (a new module is checked too)."""
HEADLESS_TOP = ["vp_tui.cli", "vp_tui.startup", "vp_tui.partnership_commands"]


def headless_modules() -> list[str]:
    """The headless packages, each followed by every module under it."""
    found = list(HEADLESS_TOP)
    for name in HEADLESS_PACKAGES:
        package = importlib.import_module(name)
        found.append(name)
        found += [info.name for info in pkgutil.walk_packages(package.__path__, f"{name}.")]
    return found


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def _stdout_of(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_the_headless_packages_walked_module_by_module_import_no_textual() -> None:
    modules = headless_modules()
    assert {"vp_tui.model.replay", "vp_tui.storage.summary", "vp_tui.storage.locate"} <= set(
        modules
    )
    # One fresh interpreter imports them in turn and names the first that loads the UI.
    code = (
        "import sys\n"
        f"for module in {modules!r}:\n"
        "    __import__(module)\n"
        "    if any(n.split('.')[0] in ('textual', 'rich') for n in sys.modules):\n"
        "        print(module)\n"
        "        break\n"
    )
    assert _stdout_of(code).strip() == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(GOOD / "worked-example.toml")],
        ["report", str(GOOD / "worked-example.toml")],
        ["report", str(GOOD / "worked-example.toml"), "--format", "json"],
        ["report", str(GOOD / "worked-example.toml"), "--format", "markdown"],
        [
            "compare",
            str(GOOD / "worked-example.toml"),
            str(GOOD / "worked-example.toml"),
            "--format",
            "json",
        ],
        ["--sessions-dir", str(GOOD), "partnerships", "--format", "json"],
        ["--help"],
    ],
)
def test_headless_commands_import_no_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from vp_tui.cli import main\n"
        "import io, contextlib\n"
        "out = io.StringIO()\n"
        "try:\n"
        f"    with contextlib.redirect_stdout(out): main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    loaded = _modules_after(code)
    assert "vp_tui.storage" in loaded or argv == ["--help"]
    assert not {name for name in loaded if name.split(".")[0] in {"textual", "rich"}}


def test_validate_neither_scans_for_plugins_nor_loads_what_it_does_not_need() -> None:
    worked = str(GOOD / "worked-example.toml")
    code = (
        "import sys\n"
        "at_start = set(sys.modules)\n"
        "from vp_tui.cli import main\n"
        "import contextlib, io\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['validate', {worked!r}])\n"
        "print('\\n'.join(sorted(set(sys.modules) - at_start)))\n"
    )
    loaded = set(_stdout_of(code).split())
    assert "importlib.metadata" not in loaded  # pydantic's plugin scan
    # Neither the settings, the summary cache, saving, locking, reports nor the app.
    unneeded = (
        "vp_tui.storage.config",
        "vp_tui.storage.summary",
        "vp_tui.storage.save",
        "vp_tui.storage.writer",
        "vp_tui.storage.lock",
        "vp_tui.storage.examples",
        "vp_tui.model.templates",
        "vp_tui.report",
        "vp_tui.live",
        "vp_tui.ui",
        "vp_tui.ssh",
        "tomli_w",
    )
    assert not {name for name in loaded if name.startswith(unneeded)}


def test_the_ssh_transport_imports_no_screen_of_the_workshop() -> None:
    # The transport serves any app it is given; the workshop's screens are wired in by
    # vp_tui.serve, one layer up.
    package = importlib.import_module("vp_tui.ssh")
    modules = ["vp_tui.ssh"] + [
        info.name for info in pkgutil.walk_packages(package.__path__, "vp_tui.ssh.")
    ]
    code = (
        "import sys\n"
        f"for module in {modules!r}:\n"
        "    __import__(module)\n"
        "    if any(n.startswith('vp_tui.ui') for n in sys.modules):\n"
        "        print(module)\n"
        "        break\n"
    )
    assert _stdout_of(code).strip() == ""


def test_a_report_module_loads_no_other_renderer_with_its_package() -> None:
    # A package that imports its modules when it is imported makes two threads importing
    # two of them at once wait on each other (serve died at start with _DeadlockError on
    # vp_tui.report.sections, a worker and the event loop importing report modules).
    loaded = _modules_after("import vp_tui.report.sections")
    assert {name for name in loaded if name.startswith("vp_tui.report.")} == {
        "vp_tui.report.sections",
        "vp_tui.report.layout",
    }
    from vp_tui.report import RENDERERS, render_text

    assert RENDERERS["text"] is render_text
