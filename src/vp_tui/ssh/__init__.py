"""The embedded SSH server and the channel driver: one Textual app per partner connection.

The package knows nothing of the workshop: ``server.PartnerServer`` takes an app factory.
"""

from __future__ import annotations

import logging

# A library does not decide where its log goes; without this, Python's last-resort handler
# would print warnings (and their tracebacks) on the facilitator's screen.
logging.getLogger(__name__).addHandler(logging.NullHandler())
