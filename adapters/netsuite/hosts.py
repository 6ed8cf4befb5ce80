"""Where an account's REST API lives."""

from __future__ import annotations

from domain.integration import canonical_account_id


def account_base_url(account_id: str, base_url: str | None = None) -> str:
    """The configured base URL (a sandbox, a customer-specific domain) or the account's own host:
    `1234567_SB1` → `https://1234567-sb1.suitetalk.api.netsuite.com`. No trailing slash."""
    if base_url and base_url.strip():
        return base_url.strip().rstrip("/")
    host = canonical_account_id(account_id).lower().replace("_", "-")
    return f"https://{host}.suitetalk.api.netsuite.com"
