"""Where each answer comes from: the audit, the case and the service contacts, said the same way
in every answer, because practitioners need the source before they rely on a message.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge.models import Case, KeyMessage, Service, Source, WalkthroughStage


def case_label(case: Case) -> str:
    label = f"Case {case.number} ({case.name})" if case.name else f"Case {case.number}"
    return (
        f"{label}, which the audit refers to but does not summarise"
        if case.referred_only
        else label
    )


ALL_CASES = "drawn from all the cases audited"


def attribution(source: Source, cases: Sequence[Case], case_note: str | None = None) -> str:
    """The audit and its cases, e.g. "SEND audit 2016-17, Case 1 (Adam)"; where the audit names
    no case, what it says instead (the key message's `case_note`)."""
    if not cases:
        return f"{source.short_title}, {case_note or ALL_CASES}"
    return f"{source.short_title}, {', '.join(case_label(case) for case in cases)}"


CITED = "Source:"
"""How every citation starts."""


def citation(source: Source, cases: Sequence[Case], case_note: str | None = None) -> str:
    return f"{CITED} {attribution(source, cases, case_note)}."


def message_citation(message: KeyMessage) -> str:
    return citation(message.source, message.cases, message.case_note)


def service_citation(service: Service) -> str:
    """Where a service's detail comes from when no answer citing it is open: the audit that
    lists it."""
    return f"{CITED} {service.source.short_title}, its list of services."


def stage_citation(stage: WalkthroughStage) -> str:
    """The stage's case, and where a key message it links to is not one the audit attributes
    to that case, where that message comes from: a room must not take the audit's learning
    from all its cases for this case's own."""
    return stages_citation(stage.case, [stage])


def stages_citation(case: Case, stages: Sequence[WalkthroughStage]) -> str:
    """stage_citation for the stages of one case's walk-through read together (a group's
    discussion questions), each key message not attributed to the case noted once."""
    notes = dict.fromkeys(
        f"The key message '{message.title}' is not one the audit attributes to this case: "
        f"{attribution(message.source, message.cases, message.case_note)}."
        for stage in stages
        for message in stage.key_messages
        if case.id not in {attributed.id for attributed in message.cases}
    )
    return " ".join([citation(case.source, [case]), *notes])


PRINTED_TO_CONFIRM = "as printed in the audit, to be confirmed by the partnership"


def contact_details(service: Service) -> list[str]:
    """Phone, email, website and the deployment's URL for the link, as far as they are set;
    details the audit printed years ago (`to_confirm`) say so."""
    printed = [
        f"phone {service.phone}" if service.phone else "",
        f"email {service.email}" if service.email else "",
        f"website {service.website}" if service.website else "",
    ]
    if service.to_confirm and any(printed):
        printed.append(PRINTED_TO_CONFIRM)
    link = service.link.url if service.link is not None and service.link.url else ""
    return [detail for detail in (*printed, link) if detail]


WHERE_TO_LOOK = "look on the partnership's website or ask your designated safeguarding lead"


def no_contact_yet(service: Service) -> str:
    """Said plainly where the audit promises a contact it leaves blank: nothing is invented."""
    gap = (
        "its link was left blank in the audit and is not set yet"
        if service.link_id
        else "the audit gives no contact details"
    )
    return f"No contact yet: {gap}, so {WHERE_TO_LOOK}."


def service_line(service: Service) -> str:
    details = contact_details(service)
    contact = f" Contact: {', '.join(details)}." if details else f" {no_contact_yet(service)}"
    return f"{service.name}: {service.offers}{contact}"
