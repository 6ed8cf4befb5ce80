"""How the API authenticates, as the OpenAPI document declares it: HTTP Basic with the API key as the
user name (Invoiced's way), or the same key as a Bearer token. These only describe the schemes (so
/docs offers Authorize); `current_company` reads the header and checks the key itself."""

from __future__ import annotations

from fastapi.security import HTTPBasic, HTTPBearer
from starlette.requests import HTTPConnection


class _DescribedBasic(HTTPBasic):
    async def __call__(self, request: HTTPConnection) -> None:  # type: ignore[override]
        return None


class _DescribedBearer(HTTPBearer):
    async def __call__(self, request: HTTPConnection) -> None:  # type: ignore[override]
        return None


api_key_basic = _DescribedBasic(
    scheme_name="apiKey",
    description="Your company's API key as the user name, with a blank password (Invoiced's way).",
    auto_error=False,
)
api_key_bearer = _DescribedBearer(
    scheme_name="bearer",
    description="The same API key, sent as a Bearer token.",
    auto_error=False,
)
