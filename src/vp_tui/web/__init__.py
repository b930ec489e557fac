"""Partners in a web browser (``vp-tui serve --web``): the same live session, join codes and
limits as over SSH, the app on a websocket instead of an SSH channel. Imported only when
``--web`` is given: it needs aiohttp and textual-serve's browser client."""
