"""A headless Chromium driven over the Chrome DevTools Protocol, with aiohttp's websocket
client: real page loads, real key events, screenshots. Used by the Chromium test, and by hand:

    python3 -m tests.web.cdp URL CODE [KEYS] [SHOT.png]
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = "chromium"
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")
SPECIAL_KEYS = {
    "\r": ("Enter", "Enter", 13),
    "\x1b": ("Escape", "Escape", 27),
    "\t": ("Tab", "Tab", 9),
}
ARROWS = {"left": 37, "up": 38, "right": 39, "down": 40}


def chromium_path() -> str | None:
    return shutil.which(CHROMIUM)


class Page:
    """One tab: commands sent, their answers and the events that came."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self._ids = itertools.count(1)
        self._answers: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._event = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if "id" in data:
                future = self._answers.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            else:
                self.events.append(data)
                self._event.set()
        for future in self._answers.values():
            if not future.done():
                future.set_exception(ConnectionError("the DevTools connection closed"))

    async def call(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        """A command's result (an error raises)."""
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[number] = future
        await self.websocket.send_str(
            json.dumps({"id": number, "method": method, "params": params})
        )
        answer = await asyncio.wait_for(future, timeout)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    async def wait_event(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        """The first event of this kind not waited for yet."""
        async with asyncio.timeout(timeout):
            while True:
                for index, event in enumerate(self.events):
                    if event.get("method") == method:
                        del self.events[index]
                        return event
                self._event.clear()
                await self._event.wait()

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_true(self, expression: str, timeout: float = 30.0) -> None:
        """Until a JavaScript expression is true in the page."""
        async with asyncio.timeout(timeout):
            while not await self.evaluate(expression):
                await asyncio.sleep(0.1)

    async def navigate(self, url: str, timeout: float = 30.0) -> None:
        await self.call("Page.navigate", url=url)
        await self.wait_event("Page.loadEventFired", timeout)

    async def insert_text(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def key(self, key: str) -> None:
        """One real key press (keyDown with its text, then keyUp): a character, \\r, \\x1b,
        \\t, or an arrow by name."""
        if key in ARROWS:
            name = "Arrow" + key.capitalize()
            down: dict[str, Any] = {
                "key": name,
                "code": name,
                "windowsVirtualKeyCode": ARROWS[key],
            }
        elif key in SPECIAL_KEYS:
            name, code, number = SPECIAL_KEYS[key]
            down = {"key": name, "code": code, "windowsVirtualKeyCode": number}
            if key == "\r":
                down["text"] = "\r"
        else:
            code = f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"
            down = {
                "key": key,
                "code": code,
                "text": key,
                "unmodifiedText": key,
                "windowsVirtualKeyCode": ord(key.upper()),
            }
        await self.call("Input.dispatchKeyEvent", type="keyDown", **down)
        up = {name: value for name, value in down.items() if "text" not in name.lower()}
        await self.call("Input.dispatchKeyEvent", type="keyUp", **up)

    async def screenshot(self, path: Path) -> Path:
        result = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))
        return path

    async def close(self) -> None:
        await self.websocket.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@contextlib.asynccontextmanager
async def chromium(
    profile: Path, size: tuple[int, int] = (1000, 700), timeout: float = 60.0
) -> AsyncIterator[Page]:
    """A headless Chromium on about:blank, its one tab ready to drive; stopped after."""
    binary = chromium_path()
    assert binary is not None, "chromium is not installed"
    process = await asyncio.create_subprocess_exec(
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        f"--window-size={size[0]},{size[1]}",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    http = aiohttp.ClientSession()
    page: Page | None = None
    try:
        seen = b""
        async with asyncio.timeout(timeout):
            while (found := LISTENING.search(seen.decode(errors="replace"))) is None:
                line = await process.stderr.readline()
                assert line, f"chromium ended before DevTools listened: {seen[-2000:]!r}"
                seen += line
        # Keep reading its stderr, so that a chatty browser never blocks on a full pipe.
        drain = asyncio.create_task(process.stderr.read())
        browser_url = found.group(1)
        port = browser_url.split("://", 1)[1].split("/", 1)[0]
        async with asyncio.timeout(timeout):
            while True:
                async with http.get(f"http://{port}/json/list") as response:
                    targets = await response.json()
                pages = [t for t in targets if t.get("type") == "page"]
                if pages:
                    break
                await asyncio.sleep(0.1)
        websocket = await http.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=64 * 1024 * 1024
        )
        page = Page(websocket)
        await page.call("Page.enable")
        await page.call("Runtime.enable")
        yield page
    finally:
        if page is not None:
            await page.close()
        await http.close()
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        if "drain" in locals():
            drain.cancel()


async def join(page: Page, url: str, code: str, timeout: float = 60.0) -> None:
    """Open the partners' page, type the code in its field, press Enter: until the workshop's
    terminal is on the page and has drawn."""
    await page.navigate(url, timeout)
    await page.wait_true("document.activeElement && document.activeElement.id === 'code'")
    await page.insert_text(code)
    await page.key("\r")
    await page.wait_true(
        "!!document.querySelector('#terminal .xterm') && "
        "document.body.classList.contains('-first-byte')",
        timeout,
    )


async def _main(url: str, code: str, keys: str, shot: str) -> None:
    with tempfile.TemporaryDirectory(prefix="vp-tui-chromium-") as profile:
        async with chromium(Path(profile)) as page:
            await join(page, url, code)
            await asyncio.sleep(1.0)
            for key in keys:
                await page.key(key)
                await asyncio.sleep(0.3)
            await asyncio.sleep(1.0)
            print(await page.screenshot(Path(shot)))


if __name__ == "__main__":
    url, code, *rest = sys.argv[1:]
    keys = rest[0] if rest else ""
    shot = rest[1] if len(rest) > 1 else "chromium.png"
    asyncio.run(_main(url, code, keys, shot))
