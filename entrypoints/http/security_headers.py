"""Headers that tell browsers what our pages may do: never framed by another site, never sniffed into
another content type, and scripts, styles and forms only from this origin."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The dashboard: no inline script or style at all, forms post only here, nothing frames it.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# The API reference pages start their viewer with an inline script and styles of their own; their files
# are this service's (nothing from elsewhere: ReDoc's attribution logo on its CDN is refused, and hidden).
REFERENCE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
REFERENCE_PATHS = ("/docs", "/redoc")

_ALWAYS = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds X-Frame-Options, X-Content-Type-Options, Referrer-Policy and a Content-Security-Policy to
    every answer (API answers included: they are harmless there and protect a JSON body opened in a tab)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        reference = any(path == p or path.startswith(p + "/") for p in REFERENCE_PATHS)
        policy = (REFERENCE_POLICY if reference else PAGE_POLICY).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _ALWAYS if n not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", policy))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["PAGE_POLICY", "REFERENCE_POLICY", "SecurityHeadersMiddleware"]
