"""The server side of bench/web.py: one live session hosted over SSH and on the partners'
page, in this process. Prints its ports and codes as one JSON line, then its resident memory
(kB) for each line read from stdin."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.storage import save_session
from vp_tui.ui.partner_app import PartnerApp
from vp_tui.web.server import WebConfig, WebServer


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def main(partners: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="vp-web-bench-"))
    ids = [f"p{number}" for number in range(partners)]
    session = new_session(
        builtin_templates()["business"],
        title="Web bench",
        partners=[(who, who.upper()) for who in ids],
        facilitator="F",
    )
    session.phase = "rating"
    save_session(session, folder / "bench.toml")
    live = LiveSession.open(folder / "bench.toml")
    codes = {f"CODE-{who.upper()}-XX": who for who in ids}
    server = PartnerServer(
        ServeConfig(port=0, state_dir=folder / "state", codes=codes, code_login_interval=0.0),
        lambda partner, driver: PartnerApp(live, partner, driver_class=driver),
    )
    await server.start()
    web = WebServer(server, WebConfig(port=0))
    await web.start()
    print(json.dumps({"ssh": server.port, "web": web.port, "codes": list(codes)}), flush=True)
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.readline():
        print(rss_kb(), flush=True)
    await web.close()
    await server.close()
    live.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
