"""The private state folder of a sessions folder: the host key and the join codes kept so that a
restarted server keeps them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vp_tui.ssh.codes import new_code
from vp_tui.storage.save import atomic_write

if TYPE_CHECKING:
    from vp_tui.live.session import LiveSession

STATE_FOLDER = ".vp-tui"
"""The sessions folder's private state: the host key and the join codes (0700)."""


def state_dir(sessions_dir: Path) -> Path:
    """The private state folder of a sessions folder."""
    return sessions_dir / STATE_FOLDER


def join_codes(folder: Path, live: LiveSession) -> dict[str, str]:
    """Each partner's join code (partner id -> code), kept so that a restarted server keeps
    them: partners reconnect with the code they were given."""
    assert live.path is not None
    codes_file = folder / "codes" / f"{live.path.stem}.json"
    try:
        known = json.loads(codes_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    codes = {
        partner: known[partner] if isinstance(known.get(partner), str) else new_code()
        for partner in live.session.partner_ids
    }
    if codes != known:
        codes_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(codes_file.parent, 0o700)
        atomic_write(codes_file, json.dumps(codes, indent=2).encode("utf-8"))
        os.chmod(codes_file, 0o600)
    return codes
