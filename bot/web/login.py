"""Signing in and out of the trainer pages: the sign-in form (the shared password, the
organisation's identity provider, or both), sign-out, and the trainer stylesheet, added to each
trainer area's blueprint by `add_routes`. The credential and sessions are trainer.py's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from urllib.parse import urlencode

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.web import proxies
from bot.web.components import TRAINER_SITE, field, layout, site_header
from bot.web.html import PAGE_HEADERS, STYLESHEET, AttributeValue, element
from bot.web.oidc import OidcClient, SignInFailed
from bot.web.records import Role
from bot.web.responses import html, serve_trainer_stylesheet
from bot.web.security import (
    TEXT_HEADERS,
    cross_site_refusal,
    is_https,
    safe_next,
    same_origin,
    site_origin,
)
from bot.web.trainer import COOKIE, SignIn, TrainerAuth, set_session_cookie

logger = logging.getLogger(__name__)


def add_routes(auth: TrainerAuth, blueprint: Blueprint, base: str) -> None:
    """Adds the sign-in page, sign-out and the stylesheet to a trainer page's blueprint
    mounted at `base` (e.g. "/insights"), so each trainer page is complete on its own: the
    routes are written here once, for every area."""

    serve_trainer_stylesheet(blueprint)

    @blueprint.route("/login", methods=["GET"])
    async def trainer_login_form(request: Request) -> HTTPResponse:
        if not auth.configured:
            return auth.closed()
        target = safe_next(request.args.get("next"), base)
        if auth.signed_in(request):
            return response.redirect(target, status=303)
        return _login_page(auth, base, target, status=200)

    @blueprint.route("/login", methods=["POST"])
    async def trainer_login(request: Request) -> HTTPResponse:
        if not auth.configured:
            return auth.closed()
        if not same_origin(request):
            return cross_site_refusal()
        target = safe_next(request.form.get("next"), base)
        client = proxies.client_address(request)
        if auth.password_hash is None:
            return _login_page(
                auth, base, target, status=400, error="Sign in with your organisation account."
            )
        outcome = await auth.sign_in(request.form.get("password") or "", client)
        if outcome is SignIn.LOCKED_OUT:
            wait = int(auth.throttle.seconds_left(client)) + 1
            return _login_page(
                auth,
                base,
                target,
                status=429,
                error=f"Too many wrong passwords. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        if outcome is SignIn.WRONG_PASSWORD:
            return _login_page(auth, base, target, status=401, error="That password is not right.")
        signed_in = response.redirect(target, status=303, headers=dict(TEXT_HEADERS))
        set_session_cookie(
            signed_in, auth.sessions.issue(), auth.sessions.lifetime, is_https(request)
        )
        return signed_in

    @blueprint.route("/logout", methods=["POST"])
    async def trainer_logout(request: Request) -> HTTPResponse:
        if not same_origin(request):
            return cross_site_refusal()
        cookie = request.cookies.get(COOKIE)
        session = auth.sessions.who(cookie)
        auth.sessions.sign_out(cookie)
        target = f"{base}/login"
        provider = None
        if session is not None and auth.oidc is not None:
            provider = await _sign_out_at_provider(
                auth.oidc, session.session_id, f"{site_origin(request)}{target}"
            )
        if provider is None:
            signed_out = response.redirect(target, status=303, headers=dict(TEXT_HEADERS))
        else:
            signed_out = response.html(
                onward_page(base, "Signing out", provider, "Sign out of your organisation account"),
                headers={**PAGE_HEADERS, **TEXT_HEADERS},
            )
        set_session_cookie(signed_out, "", 0, is_https(request))
        return signed_out

    _organisation_routes(auth, blueprint, base)


async def _sign_out_at_provider(oidc: OidcClient, session_id: str, return_to: str) -> str | None:
    """The provider's sign-out address for a session opened through it. Signed out here
    already: if the provider cannot be reached, the person is still signed out of ours."""
    try:
        return await asyncio.to_thread(oidc.sign_out_address, session_id, return_to)
    except (OSError, ValueError, KeyError, SignInFailed) as error:
        logger.warning("identity provider unreachable at sign-out: %s", error)
        return None


def _organisation_routes(auth: TrainerAuth, blueprint: Blueprint, base: str) -> None:
    """Sign-in through the identity provider: off to it, and back with a code."""

    @blueprint.route("/oidc/start", methods=["GET"])
    async def organisation_sign_in(request: Request) -> HTTPResponse:
        oidc, target = auth.oidc, safe_next(request.args.get("next"), base)
        if oidc is None:
            return response.text("Not found.", status=404, headers=dict(TEXT_HEADERS))
        callback = f"{site_origin(request)}{base}/oidc/callback"
        try:
            address = await asyncio.to_thread(oidc.begin, callback, target)
        except (OSError, ValueError, KeyError, SignInFailed) as error:
            logger.warning("identity provider unreachable: %s", error)
            return _login_page(
                auth,
                base,
                target,
                status=502,
                error="The organisation's sign-in cannot be reached now. Try again soon.",
            )
        return response.redirect(address, status=303, headers=dict(TEXT_HEADERS))

    @blueprint.route("/oidc/callback", methods=["GET"])
    async def organisation_callback(request: Request) -> HTTPResponse:
        oidc = auth.oidc
        if oidc is None:
            return response.text("Not found.", status=404, headers=dict(TEXT_HEADERS))
        state, code = request.args.get("state") or "", request.args.get("code") or ""
        try:
            if not code:
                raise SignInFailed("the sign-in was cancelled or refused")
            person = await asyncio.to_thread(oidc.finish, state, code)
        except (OSError, ValueError, KeyError, SignInFailed) as error:
            return _login_page(auth, base, f"{base}/", status=403, error=f"Not signed in: {error}.")
        cookie = auth.sessions.issue(person.name, Role(person.role))
        opened = auth.sessions.who(cookie)
        if opened is not None and person.id_token:
            oidc.remember(opened.session_id, person.id_token, opened.expires_at)
        arrived = response.html(
            onward_page(base, "Signed in", person.next_page, "Continue to the trainer pages"),
            headers={**PAGE_HEADERS, **TEXT_HEADERS},
        )
        set_session_cookie(arrived, cookie, auth.sessions.lifetime, is_https(request))
        return arrived


def _login_page(
    auth: TrainerAuth,
    base: str,
    target: str,
    *,
    status: int,
    error: str = "",
    headers: Mapping[str, str] | None = None,
) -> HTTPResponse:
    return login_page(
        base,
        target,
        status=status,
        error=error,
        headers=headers,
        password=auth.password_hash is not None,
        organisation=auth.oidc is not None,
    )


def onward_page(base: str, heading: str, target: str, link: str) -> str:
    """A page of ours that moves on to `target` at once: back from another site, the
    SameSite=Strict cookie goes with a navigation from our own page (a redirect would not carry
    it); towards another site, a form's redirect would be stopped by `form-action 'self'`."""
    return layout(
        f"{heading}: trainer pages",
        f"{base}/{STYLESHEET}",
        "page page--narrow",
        element("h1", None, heading),
        element("p", None, element("a", {"href": target}, link)),
        head=(element("meta", {"http-equiv": "refresh", "content": f"0;url={target}"}),),
    )


def login_page(
    base: str,
    target: str,
    *,
    status: int,
    error: str = "",
    headers: Mapping[str, str] | None = None,
    password: bool = True,
    organisation: bool = False,
) -> HTTPResponse:
    """The sign-in form; an error is announced (role=alert) and tied to the field it is about."""
    password_field: dict[str, AttributeValue] = {
        "id": "password",
        "name": "password",
        "type": "password",
        "autocomplete": "current-password",
        "required": True,
        "class": "input",
    }
    body = layout(
        ("Error: " if error else "") + "Sign in: trainer pages",
        f"{base}/{STYLESHEET}",
        "page page--narrow",
        element("h1", None, "Sign in"),
        element(
            "p",
            None,
            "The insights and workshop pages are for the partnership's trainers and "
            "learning lead."
            + (" Ask the learning lead for the trainer password." if password else ""),
        ),
        element("p", {"class": "error", "role": "alert"}, error)
        if error and not password
        else None,
        element(
            "p",
            None,
            element(
                "a",
                {"class": "button", "href": f"{base}/oidc/start?{urlencode({'next': target})}"},
                "Sign in with your organisation account",
            ),
        )
        if organisation
        else None,
        None
        if not password
        else element(
            "form",
            {"method": "post", "action": f"{base}/login", "class": "sign-in"},
            element("input", {"type": "hidden", "name": "next", "value": target}),
            field("Trainer password", password_field, error),
            element("button", {"type": "submit", "class": "button"}, "Sign in"),
        ),
        header=site_header(TRAINER_SITE),
    )
    return html(body, status=status, headers=headers)
