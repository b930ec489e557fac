"""A hosting server for the SSH benchmarks: sessions of 8 partners each, served over SSH.

Run by ``bench/ssh.py`` in its own process (so that its memory is measured alone). It prints
one JSON line with its port and every session's join codes, then obeys lines on standard
input: ``open N`` opens the first round of session N, ``finish N`` answers everything of
session N for its partners, ``reveal N`` reveals session N,
``rss`` prints the resident memory in kB, ``quit`` stops.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from sessions import large_session
from vp_tui.live.session import LiveSession
from vp_tui.ssh.codes import new_code
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.ui.partner_app import PartnerApp


def rss_kb() -> int:
    """This process's resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def hosted_session(folder: Path, number: int) -> LiveSession:
    """A session of 8 partners with 20 items a list, rating phase, nothing rated yet."""
    session = large_session(partners=8, items=20, events=0)
    for entry in [*session.benefits, *session.costs, *session.values]:
        entry.ratings.clear()
    session.deal.clear()
    for contribution in session.contributions:
        contribution.ratings.clear()
    session.phase = "rating"
    session.events.clear()
    return LiveSession.create(folder, session.model_copy(update={"title": f"Bench {number}"}))


def finish_everything(live: LiveSession) -> None:
    """Every partner answers every round (what the partners would have done by keys)."""
    from vp_tui.model.flow import ROUNDS, Turn, missing_in_turn

    for round_name in ROUNDS:
        live.open_round(round_name)
        for partner in live.session.partner_ids:
            for target in missing_in_turn(live.session, Turn(round_name, partner)):
                if round_name == "brings":
                    live.set_brings(partner, ["Time", "Know-how"])
                elif target == "deal":
                    live.rate(partner, target, 0)
                else:
                    live.rate(partner, target, 7)
            live.finish_turn(partner, round_name)


async def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="vp-tui-ssh-bench-"))
    lives = [hosted_session(folder, number) for number in range(count)]
    codes: dict[str, tuple[int, str]] = {}
    for number, live in enumerate(lives):
        for partner in live.session.partner_ids:
            codes[new_code()] = (number, partner)

    servers = []
    ports = []
    for number, live in enumerate(lives):
        mine = {code: partner for code, (which, partner) in codes.items() if which == number}

        def factory(partner: str, driver: type, live: LiveSession = live) -> PartnerApp:
            return PartnerApp(live, partner, driver_class=driver)

        server = PartnerServer(
            ServeConfig(host="127.0.0.1", port=0, state_dir=folder / ".vp-tui", codes=mine),
            app_factory=factory,
        )
        await server.start()
        servers.append(server)
        ports.append(server.port)
    print(
        json.dumps(
            {
                "ports": ports,
                "codes": [
                    [code for code, (which, _p) in codes.items() if which == number]
                    for number in range(count)
                ],
            }
        ),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if not line or line == "quit":
            break
        command, _, argument = line.partition(" ")
        if command == "open":
            lives[int(argument)].open_round("anticipated")
        elif command == "finish":
            finish_everything(lives[int(argument)])
        elif command == "reveal":
            lives[int(argument)].set_phase("reveal")
        elif command == "rss":
            print(rss_kb(), flush=True)
    for server in servers:
        await server.close()
    for live in lives:
        live.close()


if __name__ == "__main__":
    import os

    if os.environ.get("VP_SSH_PROFILE"):
        import cProfile

        cProfile.run("asyncio.run(main(int(sys.argv[1])))", os.environ["VP_SSH_PROFILE"])
    else:
        asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
