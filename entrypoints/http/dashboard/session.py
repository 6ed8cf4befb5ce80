"""Signing in to the dashboard with an API key, and out again."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from application.dashboard_sessions import DashboardSessions
from application.ledger import Ledger
from entrypoints.http.dashboard.pages import (
    SESSION_TOKEN,
    dashboard_sessions,
    ledger,
    render,
    verify_csrf,
)
from entrypoints.http.sign_ins import count_failed_sign_in, sign_in_wait, too_many_failures_message

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only ever redirect within the dashboard (never to another site)."""
    if target and target.startswith("/dashboard") and not target.startswith("//"):
        return target
    return "/dashboard"


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", include_in_schema=False, dependencies=[Depends(verify_csrf)])
async def login(
    request: Request,
    api_key: str = Form(""),
    next: str = Form("/dashboard"),
    ledger: Ledger = Depends(ledger),
    sessions: DashboardSessions = Depends(dashboard_sessions),
) -> Response:
    api_key = api_key.strip()
    wait = await sign_in_wait(request, api_key)
    if wait is not None:
        page = render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": too_many_failures_message(wait)},
            status_code=429,
        )
        page.headers["Retry-After"] = str(wait)
        return page
    company = await run_in_threadpool(ledger.authenticate, api_key)
    if company is None:
        await count_failed_sign_in(request, api_key)
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "That API key is not valid. Check it and try again."},
            status_code=401,
        )
    # A fresh session on sign-in, so a token planted before it is worthless afterwards.
    assert company.id is not None
    token = await run_in_threadpool(sessions.open, company.id)
    request.session.clear()
    request.session[SESSION_TOKEN] = token
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def logout(request: Request, sessions: DashboardSessions = Depends(dashboard_sessions)) -> Response:
    """Ends the session on the server, so a copy of the cookie taken before opens nothing."""
    token = request.session.get(SESSION_TOKEN)
    if isinstance(token, str):
        sessions.close(token)
    request.session.clear()
    return RedirectResponse("/dashboard/login", status_code=303)
