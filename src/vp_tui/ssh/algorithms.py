"""What the server tells a stranger before anything else: its version line and the algorithms
it offers (DESIGN.md section 5: a banner that names no library version, modern algorithms only).
"""

from __future__ import annotations

SERVER_VERSION = "vp-tui"
"""The software named in the server's version line (``SSH-2.0-vp-tui``): no library version."""

# Modern algorithms only: no SHA-1 (in key exchange, MACs or signatures), no 64-bit MAC tags,
# no GSS, no compression. The host key is Ed25519, so only ssh-ed25519 signs.
KEX_ALGORITHMS = (
    "mlkem768x25519-sha256",
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "ecdh-sha2-nistp521",
    "ecdh-sha2-nistp384",
    "ecdh-sha2-nistp256",
    "diffie-hellman-group18-sha512",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group14-sha256",
)
CIPHERS = (
    "chacha20-poly1305@openssh.com",
    "aes256-gcm@openssh.com",
    "aes128-gcm@openssh.com",
    "aes256-ctr",
    "aes192-ctr",
    "aes128-ctr",
)
MACS = (
    "hmac-sha2-256-etm@openssh.com",
    "hmac-sha2-512-etm@openssh.com",
    "umac-128-etm@openssh.com",
    "hmac-sha2-256",
    "hmac-sha2-512",
    "umac-128@openssh.com",
)
SIGNATURES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp521",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp256",
    "rsa-sha2-512",
    "rsa-sha2-256",
)
"""Signatures the server takes (it takes none: no public key logins) and says it takes."""
