"""The partners' page (``vp-tui serve --web``): served by aiohttp in the SSH server's process
and loop, behind the same PartnerServer, so the same join codes, limits, log and live session
hold, and a partner has one connection across both transports."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from yarl import URL

from vp_tui.ssh.admission import source_of
from vp_tui.ssh.terminal import clamp_size
from vp_tui.web.page import page_html
from vp_tui.web.session import MAX_MESSAGE, BrowserSession, read_browser
from vp_tui.web.terminal import WebTerminal
from vp_tui.web.tickets import Tickets

if TYPE_CHECKING:
    from vp_tui.serve import WebOptions
    from vp_tui.ssh.server import PartnerServer

logger = logging.getLogger(__name__)

MAX_BODY = 4096
"""The largest request body taken (a join code is a few letters)."""
MAX_CODE = 64
"""The longest join code compared."""
WRONG = "That join code is not right; try again."
EXPIRED = "This join has expired or was used already; join again."
WRONG_ORIGIN = "This page may only be used from the workshop's own address."
STOPPING = "The workshop server is stopping."
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; connect-src 'self'; "
        # xterm.js sets styles on its elements and adds a <style> of its own.
        "style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class WebConfigError(ValueError):
    """The web options cannot be served (safely) as given: said in one line."""


@dataclass(frozen=True, kw_only=True)
class WebConfig:
    """Where the partners' page listens, and the address partners are given."""

    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    """The address partners open, when a reverse proxy (with TLS) stands in front."""
    tls: ssl.SSLContext | None = None
    """aiohttp's own TLS (``--tls-cert``/``--tls-key``)."""
    allow_plain: bool = False
    """Bind an address other than loopback without TLS of our own or behind an https proxy:
    the facilitator's explicit choice (a private network), since the page carries codes."""

    def check(self) -> None:
        """Refuse what would send join codes in clear text over a network, unless asked."""
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise WebConfigError(f"--web-public-url must be an http(s) URL: {self.public_url}")
        if self.tls is not None or self.allow_plain or is_loopback(self.host):
            return
        if self.public_url is not None and self.public_url.startswith("https://"):
            return
        raise WebConfigError(
            f"the partners' page would listen on {self.host} without TLS, and join codes would "
            "cross the network in clear: give --tls-cert and --tls-key, or put a TLS reverse "
            "proxy in front (--web-host 127.0.0.1 --web-public-url https://...), or say "
            "--web-insecure to do so anyway"
        )


def web_config(options: WebOptions) -> WebConfig:
    """The web options checked, and TLS loaded when given: WebConfigError for what would
    carry codes in clear, or a certificate and key that cannot be loaded."""
    cert, key = options.tls_cert, options.tls_key
    if (cert is None) != (key is None):
        raise WebConfigError("--tls-cert and --tls-key go together")
    tls = None
    if cert is not None and key is not None:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            tls.load_cert_chain(cert, key)
        except OSError as error:  # missing, unreadable, not PEM, or a key of another cert
            reason = error.strerror or str(error)
            raise WebConfigError(
                f"cannot load the page's TLS certificate --tls-cert {cert} with --tls-key {key}: "
                f"{reason}"
            ) from error
    config = WebConfig(
        host=options.host,
        port=options.port,
        public_url=options.public_url,
        tls=tls,
        allow_plain=options.insecure,
    )
    config.check()
    return config


def is_loopback(host: str) -> bool:
    """Whether a bind address is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebServer:
    """Serves the partners' page and their websockets; start() it after the PartnerServer,
    close() it before."""

    def __init__(self, partners: PartnerServer, config: WebConfig) -> None:
        config.check()
        self.partners = partners
        self.config = config
        self.port = config.port
        self.tickets = Tickets()
        self._runner: web.AppRunner | None = None
        self._browsers: set[BrowserSession] = set()
        self._closing = False

    @property
    def url(self) -> str:
        """The address to give partners."""
        if self.config.public_url is not None:
            return self.config.public_url
        scheme = "https" if self.config.tls is not None else "http"
        host = self.config.host
        shown = "localhost" if is_loopback(host) else (f"[{host}]" if ":" in host else host)
        return f"{scheme}://{shown}:{self.port}/"

    async def start(self) -> None:
        """Listen (on a free port if the configured one is 0); self.port is then the real one.
        WebConfigError, naming the page's address, when it cannot listen there."""
        app = web.Application(client_max_size=MAX_BODY)
        app.on_response_prepare.append(_secure)
        app.router.add_get("/", self._page)
        app.router.add_post("/join", self._join)
        app.router.add_get("/ws/{ticket}", self._websocket)
        app.router.add_static("/static/", _client_files(), follow_symlinks=False)
        app.router.add_static("/vp/", _own_files(), follow_symlinks=False)
        # No access log: a line per request is noise on the facilitator's console, and URLs
        # carry tickets (never codes, but still nobody's business).
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port, ssl_context=self.config.tls)
        try:
            await site.start()
        except BaseException as error:
            await runner.cleanup()
            if isinstance(error, OSError):  # a busy port, an address not of this machine
                reason = error.strerror or str(error)
                raise WebConfigError(
                    f"the partners' page cannot listen on {self.config.host} "
                    f"port {self.config.port}: {reason}"
                ) from error
            raise
        self._runner = runner
        if runner.addresses:
            self.port = int(runner.addresses[0][1])
        logger.info("partners' page on %s", self.url)

    async def close(self) -> None:
        """Take no more joins, end every browser's app and stop listening."""
        if self._closing or self._runner is None:
            return
        self._closing = True
        browsers = list(self._browsers)
        for browser in browsers:
            browser.end(
                "the server is stopping", notice="vp-tui: the facilitator stopped the server."
            )
        if browsers:
            await asyncio.wait([asyncio.ensure_future(b.closed()) for b in browsers], timeout=7.0)
        await self._runner.cleanup()

    # Requests

    async def _page(self, request: web.Request) -> web.Response:
        return web.Response(
            text=page_html(), content_type="text/html", headers={"Cache-Control": "no-store"}
        )

    async def _join(self, request: web.Request) -> web.Response:
        if not self._same_origin(request):
            return _answer(403, error=WRONG_ORIGIN)
        try:
            body = await request.json()
        except (ValueError, web.HTTPException):
            return _answer(400, error=WRONG)
        code = body.get("code") if isinstance(body, dict) else None
        if not isinstance(code, str) or not code.strip() or len(code) > MAX_CODE:
            return _answer(400, error=WRONG)
        partners = self.partners
        admission = partners.admission
        source = self._source(request)
        if self._closing:
            return _answer(503, error=STOPPING)
        refusal = admission.admit(source)
        if refusal is not None:
            partners.log.line(
                "refused connections", f"{source}: {refusal.removeprefix('vp-tui: ')}"
            )
            return _answer(429, error=refusal.removeprefix("vp-tui: "))
        try:
            partner_id = await partners.check_code(source, code)
            if partner_id is None:
                partners.wrong_code(source)
                logger.info("%s: wrong join code from a browser", source)
                await asyncio.sleep(partners.config.failure_delay)
                if admission.penalised(source):
                    return _answer(
                        429, error=admission.penalty_refusal(source).removeprefix("vp-tui: ")
                    )
                return _answer(403, error=WRONG)
        finally:
            admission.release(source)
        logger.info("%s: logged in from a browser as partner %s", source, partner_id)
        return _answer(200, ticket=self.tickets.issue(partner_id))

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._same_origin(request):
            return _answer(403, error=WRONG_ORIGIN)
        if self._closing:
            return _answer(503, error=STOPPING)
        partner_id = self.tickets.take(request.match_info["ticket"])
        if partner_id is None:
            return _answer(403, error=EXPIRED)
        size = clamp_size(_number(request.query.get("width")), _number(request.query.get("height")))
        websocket = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, heartbeat=30.0, compress=False)
        await websocket.prepare(request)
        peer = f"{self._source(request)} (browser)"
        browser = BrowserSession(self.partners, partner_id, peer)
        terminal = WebTerminal(websocket, request.transport, size=size, on_drop=browser.dropped)
        self._browsers.add(browser)
        self.partners.add_connection(browser)
        try:
            browser.open(terminal)
            await read_browser(websocket, terminal)
            browser.end("the browser left")
            await browser.closed()
        finally:
            self._browsers.discard(browser)
        return websocket

    def _same_origin(self, request: web.Request) -> bool:
        """Whether the request comes from the partners' page itself (the exact origin)."""
        origin = request.headers.get("Origin")
        return origin is not None and origin in self._origins(request)

    def _origins(self, request: web.Request) -> set[str]:
        if self.config.public_url is not None:
            # As a browser sends it: the host in lower case, no default port, no user.
            return {str(URL(self.config.public_url).origin())}
        scheme = "https" if self.config.tls is not None else "http"
        if is_loopback(self.config.host) and request.url.host not in _LOOPBACK_NAMES:
            # Only the names of this machine: a page elsewhere that made its own name point
            # here (DNS rebinding) comes with its own name.
            return set()
        return {f"{scheme}://{request.host}"}

    def _source(self, request: web.Request) -> str:
        """The address a request counts against (the client's, behind a local proxy)."""
        remote = request.remote or "?"
        if self.config.public_url is not None and is_loopback(remote):
            # The proxy in front sets (or appends) the address it saw: the last one. Any
            # before it, in the same header or an earlier one, are the client's own words.
            headers = request.headers.getall("X-Forwarded-For", [])
            last = headers[-1].rsplit(",", 1)[-1].strip() if headers else ""
            if _is_address(last):  # else none, or not an address: count it against the proxy
                remote = last
        return source_of(remote)


async def _secure(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _answer(status: int, **fields: str) -> web.Response:
    return web.json_response(fields, status=status, headers={"Cache-Control": "no-store"})


def _number(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


def _client_files() -> Path:
    """textual-serve's browser client: xterm.js and its addons, xterm.css, the fonts."""
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"


def _own_files() -> Path:
    return Path(str(resources.files("vp_tui.web") / "static"))
