"""The private parts of Textual, Rich and asyncssh the server relies on are checked at start:
when one is gone (a library upgraded past what vp-tui knows), serve refuses in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import textual.app

from tests.flows.conftest import write_session
from vp_tui.ssh import compat
from vp_tui.ssh.server import PartnerServer, ServeConfig


def test_with_the_pinned_libraries_nothing_is_missing() -> None:
    assert compat.problems() == []
    compat.require()


def test_a_moved_name_is_named_and_the_server_does_not_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delitem(vars(textual.app), "redirect_stderr")
    assert compat.problems() == ["textual.app.redirect_stderr"]
    server = PartnerServer(
        ServeConfig(host="127.0.0.1", port=0, state_dir=tmp_path / "state", codes={}),
        app_factory=lambda partner, driver: textual.app.App(),
    )
    with pytest.raises(compat.CompatError, match=r"textual\.app\.redirect_stderr not found"):
        import asyncio

        asyncio.run(server.start())
    assert not (tmp_path / "state").exists()  # refused before anything was made


def test_serve_refuses_in_one_line_before_it_touches_anything(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = write_session(folder, partners=("ana", "ben"), phase="rating")
    before = path.read_bytes()
    # A Textual whose key parser no longer caches its keys, as an upgrade might leave it.
    probe = (
        "import sys, textual._xterm_parser as p\n"
        "p.XTermParser._parse_extended_key = p.XTermParser._parse_extended_key.__wrapped__\n"
        "from vp_tui.cli import main\n"
        f"sys.exit(main(['serve', '--port', '0', {str(path)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("vp-tui serve: this vp-tui cannot serve with textual ")
    assert "the cache of XTermParser._parse_extended_key not found" in line
    assert path.read_bytes() == before
    assert not (folder / ".vp-tui").exists()
