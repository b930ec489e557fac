"use strict";
// The partners' page: trade the join code for a single-use ticket (POST /join), then start
// textual-serve's client (static/js/textual.js) on the websocket that ticket opens.
(function () {
  const form = document.getElementById("join");
  const input = document.getElementById("code");
  const message = document.getElementById("message");
  const KEPT = "vp-tui-code"; // this tab only, so that a reload or a dropped network rejoins

  function websocketBase() {
    const url = new URL("ws/", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function startTerminal(ticket) {
    form.hidden = true;
    const terminal = document.createElement("div");
    terminal.id = "terminal";
    terminal.className = "textual-terminal";
    terminal.dataset.sessionWebsocketUrl = websocketBase() + encodeURIComponent(ticket);
    terminal.dataset.fontSize = "16";
    document.body.appendChild(terminal);
    const client = document.createElement("script");
    client.src = "static/js/textual.js";
    // The client starts its terminals on window.onload, which has already happened.
    client.onload = () => {
      window.onload(new Event("load"));
      // Keys go to the workshop at once, without a click in it first.
      const keys = terminal.querySelector("textarea.xterm-helper-textarea");
      if (keys) keys.focus();
    };
    document.head.appendChild(client);
  }

  async function join(code) {
    message.textContent = "Joining…";
    let response;
    try {
      response = await fetch("join", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: code }),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (error) {
      message.textContent = "The workshop server cannot be reached; try again in a moment.";
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok || !answer.ticket) {
      sessionStorage.removeItem(KEPT);
      form.hidden = false;
      message.textContent = answer.error || "The workshop server refused; try again.";
      return;
    }
    sessionStorage.setItem(KEPT, code);
    message.textContent = "";
    startTerminal(answer.ticket);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    join(input.value);
  });
  document.getElementById("rejoin").addEventListener("click", () => window.location.reload());
  const kept = sessionStorage.getItem(KEPT);
  if (kept) {
    form.hidden = true;
    join(kept);
  }
})();
