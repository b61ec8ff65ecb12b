"""Who may do what on a shared server, and the HTTP headers that keep the pages out of other sites' frames.

Readers only read. The Add page writes data/ and seeds/, so it is open without a password only when the
server listens on this machine alone (127.0.0.1, the default of `make run`); on a shared server it asks for
the editor password (environment variable FOOTPRINT_EDITOR_PASSWORD, else `editor_password` in the
git-ignored .streamlit/secrets.toml), and with no password set it stays closed. No Streamlit import here:
the page passes in what it knows.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

EDITOR_ENV = "FOOTPRINT_EDITOR_PASSWORD"
EDITOR_SECRET = "editor_password"
LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}
GRANTED, ASK, CLOSED = "granted", "ask", "closed"

CLOSED_MESSAGE = (
    "This server is shared and no editor password is set, so articles cannot be added here. "
    f"Set {EDITOR_ENV} (or {EDITOR_SECRET} in .streamlit/secrets.toml) and restart, or run Footprint "
    "on your own machine (make run)."
)
ASK_MESSAGE = "Adding an article changes the map for everyone: enter the editor password."


def editor_secret(environ: Mapping[str, str], secrets: Any) -> str:
    """The editor password: the environment's, else the secrets file's, else '' (none set)."""
    if environ.get(EDITOR_ENV, "").strip():
        return environ[EDITOR_ENV].strip()
    try:
        value = secrets.get(EDITOR_SECRET, "") if secrets is not None else ""
    except Exception:  # no secrets file, or one that does not parse: as if none were set
        return ""
    return str(value).strip() if value else ""


def is_local(address: object) -> bool:
    """True when the server listens on this machine only (an empty address means every interface)."""
    return str(address or "").strip().strip("[]") in LOCAL_ADDRESSES


def add_page_access(address: object, secret: str, given: str) -> str:
    """GRANTED, ASK (show the password field) or CLOSED, for the page that writes data/."""
    if secret:
        return GRANTED if given and hmac.compare_digest(given.encode(), secret.encode()) else ASK
    return GRANTED if is_local(address) else CLOSED


# ---- HTTP: no framing by other sites, no open metrics, no sniffing ----
SECURITY_HEADERS = (
    (b"x-frame-options", b"SAMEORIGIN"),  # the map's own component iframes are same-origin
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
BLOCKED_PATHS = ("/_stcore/metrics",)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class GuardMiddleware:
    """ASGI middleware: adds SECURITY_HEADERS to every HTTP response and answers 404 for BLOCKED_PATHS."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", "")).rstrip("/")
        if any(path.endswith(blocked) for blocked in BLOCKED_PATHS):
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"not found"})
            return

        async def send_with_headers(message: Message) -> None:
            if message.get("type") == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
