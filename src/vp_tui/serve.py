"""``vp-tui serve``: the SSH server, a partner app per connection, and the facilitator's console,
all in one process and one event loop around one live session."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vp_tui.live.session import LiveSession
from vp_tui.ssh.admission import COMPLETE
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.ssh.state import StateError, expire_codes, join_codes, state_dir


def address(host: str, port: int) -> str:
    """What a partner types to connect."""
    shown = "localhost" if host in ("127.0.0.1", "::1", "localhost") else host
    return f"ssh -p {port} {shown}"


@dataclass(frozen=True, kw_only=True)
class WebOptions:
    """``--web``: the partners' page, beside the SSH server (vp_tui.web, imported only then)."""

    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    insecure: bool = False


async def host_session(
    live: LiveSession, sessions_dir: Path, host: str, port: int, web: WebOptions | None = None
) -> None:
    """Serve a session until the facilitator stops: partners over SSH (and in a browser with
    ``web``), the console here. Raises ValueError, before opening anything, for web options
    that would carry join codes in clear over a network."""
    web_server = None
    if web is not None:
        from vp_tui.web.server import web_config

        web_settings = web_config(web)
    from vp_tui.model.templates import (
        TemplateError,
        builtin_templates,
        load_templates,
        template_for,
    )
    from vp_tui.ui.console_app import ConsoleApp
    from vp_tui.ui.partner_app import PartnerApp
    from vp_tui.ui.screens.console import Hosting

    folder = state_dir(sessions_dir)
    codes = join_codes(folder, live)
    console: ConsoleApp | None = None
    # Read once: every partner's turns show the template's words for their round.
    try:
        templates = load_templates([sessions_dir / "templates"])
    except TemplateError:  # a broken template of the facilitator's: the shipped words
        templates = builtin_templates()
    template = template_for(templates, live.session.kind)
    prompts = template.prompts if template is not None else None
    suggestions = template.brings if template is not None else ()

    def connection_changed(partner: str, connected: bool) -> None:
        live.record_presence(partner, "join" if connected else "leave")
        if console is not None:
            console.connection_changed(partner, connected)

    def notice(line: str) -> None:
        if console is not None:
            console.server_notice(line)

    server = PartnerServer(
        ServeConfig(host=host, port=port, state_dir=folder, codes=_by_code(codes)),
        app_factory=lambda partner, driver: PartnerApp(
            live, partner, prompts=prompts, suggestions=suggestions, driver_class=driver
        ),
        on_connection_change=connection_changed,
        on_notice=notice,
    )
    await server.start()
    stop_watching = expire_when_complete(live, server, folder)
    try:
        where = address(host, server.port)
        if web is not None:
            from vp_tui.web.server import WebServer

            web_server = WebServer(server, web_settings)
            await web_server.start()
            where = f"{where}  ·  in a browser: {web_server.url}"
        hosting = Hosting(
            codes=codes,
            address=where,
            fingerprint=server.fingerprint,
            connected=lambda: server.connected,
            notices=lambda: server.log.recent,
        )
        console = ConsoleApp(live, hosting, templates)
        await console.run_async()
    finally:
        stop_watching()
        if web_server is not None:
            await web_server.close()
        await server.close()


def expire_when_complete(
    live: LiveSession, server: PartnerServer, folder: Path
) -> Callable[[], None]:
    """Once the session is complete, no one logs in any more: each newcomer is told so in one
    line, and the join codes are removed from the state folder. Returns the function that
    stops watching."""

    def check(*_changes: object) -> None:
        if live.session.phase != "complete" or server.admission.closed is not None:
            return
        server.close_logins(COMPLETE)
        if live.path is not None:
            try:
                expire_codes(folder, live.path)
            except StateError as error:
                server.log.line("problems", str(error))

    check()
    return live.subscribe(check)


def _by_code(codes: Mapping[str, str]) -> dict[str, str]:
    return {code: partner for partner, code in codes.items()}
