"""The real thing: `vp-tui serve` in one terminal, OpenSSH's `ssh` in another, both in tmux.

A partner logs in with their join code, the facilitator opens the first round, the partner
rates with keys, and both screens show it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.conftest import write_session

SOCKET = f"vp-tui-e2e-{os.getpid()}"


def tmux(*arguments: str) -> str:
    result = subprocess.run(
        ["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True, check=False
    )
    return result.stdout


def screen(window: str) -> str:
    return tmux("capture-pane", "-p", "-t", window)


def wait_for(window: str, text: str, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(window)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on {window} after {seconds} s:\n{shown}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def terminals() -> Iterator[None]:
    for tool in ("tmux", "ssh"):
        assert shutil.which(tool), f"{tool} is needed (CI installs tmux and openssh-client)"
    yield
    tmux("kill-server")


def test_a_partner_logs_in_with_ssh_and_rates_with_keys(tmp_path: Path, terminals: None) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = write_session(folder, partners=("ana", "ben"), phase="rating")
    port = free_port()
    vp_tui = [sys.executable, "-m", "vp_tui"]
    serve = " ".join([*vp_tui, "serve", "--port", str(port), str(path)])
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "host", serve)
    wait_for("host", "Partners join with")
    codes = json.loads((folder / ".vp-tui" / "codes" / f"{path.stem}.json").read_text())
    assert codes["ana"] not in screen("host")  # hidden until the facilitator shows it
    tmux("send-keys", "-t", "host", "c")
    wait_for("host", codes["ana"])

    ssh = (
        f"ssh -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
        "-o PreferredAuthentications=keyboard-interactive,password ana@127.0.0.1"
    )
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "ana", ssh)
    prompt = wait_for("ana", "code")
    assert "Join code" in prompt or "password" in prompt.lower()
    tmux("send-keys", "-t", "ana", codes["ana"].lower().replace("-", ""), "Enter")
    wait_for("ana", "Hello Ana")
    wait_for("host", "● here")

    tmux("send-keys", "-t", "host", "s")  # the facilitator opens the first round
    wait_for("ana", "Anticipated value · Ana")
    tmux("send-keys", "-t", "ana", "7")
    shown = wait_for("ana", "[7]")
    assert "12 of 13 left" in shown
    # The facilitator sees progress, never the rating.
    assert "[7]" not in screen("host")
