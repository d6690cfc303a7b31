"""The content sign-off page for the learning lead, at /insights/sign-off: the sign-off sheet
(`bot.knowledge.sign_off`, the sheet `python -m bot knowledge report` writes, rendered by
`bot.handouts.sign_off`) with each item's state (signed, changed since signed, not signed),
and under each section a form that signs it as it is now, in the signed-in learning lead's
name. The signature is written by `sign_off.sign`, as `python -m bot knowledge sign` writes it
(who, the date, a fingerprint of every item, in RPA_CONFIRMATIONS_FILE), and the record of
trainers' actions says who signed which section, in which role and when. A trainer gets 403;
someone not signed in, the sign-in page.

Someone signed in through the organisation signs under the name the identity provider gives;
with the shared trainer password, which names nobody, the form asks for a name and role.
Signing needs RPA_CONFIRMATIONS_FILE, a file the server's user may write; in a cluster every
instance must see the same file (a shared folder), or signing is done on one instance only.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.knowledge import sign_off
from bot.knowledge.signatures import SignState
from bot.knowledge.validation import KnowledgeInvalid
from bot.settings import ENV_CONFIRMATIONS_FILE, Settings, load_settings, now
from bot.web.components import layout, signed_in_header
from bot.web.html import STYLESHEET, Markup, element
from bot.web.records import Role, Signed
from bot.web.responses import html
from bot.web.security import TEXT_HEADERS, cross_site_refusal, same_origin
from bot.web.trainer import SHARED_PASSWORD_NAME, TrainerAuth, trainer_only

logger = logging.getLogger(__name__)

PATH = "/sign-off"
SIGNED_OFF = "signed off"
"""What the record of trainers' actions says (records.TrainerAction)."""
BY_FIELD = "by"
SECTION_FIELD = "section"
MAX_BY_CHARS = 120
TITLE = "Content sign-off"


@dataclass(frozen=True)
class SignOffPage:
    """The routes, with where the settings and today's date come from (tests set both)."""

    auth: TrainerAuth
    base: str
    settings: Callable[[], Settings] = load_settings
    today: Callable[[], datetime.date] = lambda: now().date()

    def add_routes(self, blueprint: Blueprint) -> None:
        writing = asyncio.Lock()
        """One signature at a time: each appends to the same file."""

        @blueprint.route(PATH, methods=["GET"])
        @trainer_only(self.auth, self.base, page=True, role=Role.LEARNING_LEAD)
        async def sign_off_page(request: Request) -> HTTPResponse:
            person = self._lead(request)
            return await self._page(person, signed=request.args.get("signed") or "")

        @blueprint.route(PATH, methods=["POST"])
        @trainer_only(self.auth, self.base, role=Role.LEARNING_LEAD)
        async def sign_a_section(request: Request) -> HTTPResponse:
            person = self._lead(request)
            if not same_origin(request):
                return cross_site_refusal()
            section = (request.form.get(SECTION_FIELD) or "").strip()
            by = signer(person, request.form.get(BY_FIELD) or "")
            path = self.settings().confirmations_file
            if path is None:
                problem, status = f"Set {ENV_CONFIRMATIONS_FILE} to sign here.", 409
            elif by is None:
                problem, status = "Write your name and role to sign.", 400
            elif not section:
                problem, status = "Choose a section to sign.", 400
            else:
                async with writing:
                    try:
                        signed = await asyncio.to_thread(
                            sign_off.sign,
                            self.settings(),
                            os.environ,
                            by,
                            self.today(),
                            [section],
                            path,
                        )
                    except KnowledgeInvalid as error:
                        problem, status = " ".join(error.errors), 400
                    except OSError as error:
                        logger.warning("cannot write the confirmations file: %s", error)
                        problem, status = f"The confirmations file cannot be written: {path}.", 503
                    else:
                        self.auth.record(
                            request,
                            SIGNED_OFF,
                            f"sign-off sheet section {section}: {len(signed.items)} items,"
                            f" signed as {by}",
                        )
                        return response.redirect(
                            f"{self.base}{PATH}?signed={section}#{section}-heading",
                            status=303,
                            headers=dict(TEXT_HEADERS),
                        )
            return await self._page(person, error=problem, status=status)

    def _lead(self, request: Request) -> Signed:
        """The signed-in learning lead, whom `trainer_only` has let through: the page names
        them, and the signature records who signed."""
        person = self.auth.who(request)
        if person is None:  # trainer_only refuses a request without a session first
            raise RuntimeError("sign-off route reached without a signed-in learning lead")
        return person

    async def _page(
        self, person: Signed, *, signed: str = "", error: str = "", status: int = 200
    ) -> HTTPResponse:
        # Imported here: the sheet's HTML is the handouts' (bot/handouts/sign_off.py), a layer
        # above this one (import-linter's contract names this one exception).
        from bot.handouts.sign_off import sheet_body

        settings = self.settings()
        path = settings.confirmations_file
        try:
            _, sheet = await asyncio.to_thread(
                sign_off.sheet_for,
                settings if path is None else sign_off.signable(settings, path),
                os.environ,
                self.today(),
            )
        except KnowledgeInvalid as invalid:
            return response.text(
                "The sign-off sheet cannot be made: knowledge/ is not valid. "
                + " ".join(invalid.errors),
                status=503,
                headers=dict(TEXT_HEADERS),
            )
        can_sign = path is not None
        asks_name = person.name == SHARED_PASSWORD_NAME

        def signing_form(section_id: str) -> Markup:
            items = next(part.items for part in sheet.sections if part.id == section_id)
            unsigned = [item for item in items if item.sign_state is not SignState.SIGNED]
            said = f"{len(items) - len(unsigned)} of {len(items)} items signed as they are now."
            if not can_sign or not unsigned:
                return element("p", {"class": "summary"}, said)
            return element(
                "form",
                {"method": "post", "action": f"{self.base}{PATH}", "class": "sign-section"},
                element("p", {"class": "summary"}, said),
                element("input", {"type": "hidden", "name": SECTION_FIELD, "value": section_id}),
                name_field(section_id) if asks_name else None,
                element(
                    "button",
                    {"type": "submit", "class": "button"},
                    f"Sign off this section as it is now ({len(items)} items)",
                ),
            )

        notice: list[Markup] = []
        if error:
            notice.append(element("p", {"class": "error", "role": "alert"}, error))
        elif signed and any(part.id == signed for part in sheet.sections):
            notice.append(
                element("p", {"class": "summary", "role": "status"}, f"Signed: section {signed}.")
            )
        if not can_sign:
            notice.append(
                element(
                    "p",
                    {"class": "summary"},
                    f"Signing here needs {ENV_CONFIRMATIONS_FILE}: the file where signatures "
                    "are kept. Until it is set, this page shows the sheet only.",
                )
            )
        who = (
            "You signed in with the shared trainer password: each signature asks your name "
            "and role."
            if asks_name
            else f"Signing records you, {person.name} ({person.role}), with today's date."
        )
        body = layout(
            ("Error: " if error else "") + f"{TITLE}: reflective practice assistant",
            f"{self.base}/{STYLESHEET}",
            "page sign-off",
            element("h1", None, TITLE),
            element("p", None, element("a", {"href": f"{self.base}/"}, "Back to insights")),
            *notice,
            element("p", None, who),
            *sheet_body(sheet, signing_form),
            header=signed_in_header(self.base),
        )
        return html(body, status=status)


def name_field(section_id: str) -> Markup:
    field_id = f"by-{section_id}"
    return element(
        "div",
        {"class": "field"},
        element("label", {"for": field_id}, "Your name and role"),
        element(
            "input",
            {
                "id": field_id,
                "name": BY_FIELD,
                "class": "input",
                "required": True,
                "maxlength": MAX_BY_CHARS,
                "autocomplete": "name",
            },
        ),
    )


def signer(person: Signed, typed: str) -> str | None:
    """Who the signature names: the person the identity provider named, in their role; with
    the shared password, the name and role typed (None when there is none to record)."""
    if person.name != SHARED_PASSWORD_NAME:
        return f"{person.name}, {person.role}"
    cleaned = " ".join(typed.split())[:MAX_BY_CHARS]
    if not cleaned or not cleaned.isprintable():
        return None
    return f"{cleaned} (shared trainer password)"
