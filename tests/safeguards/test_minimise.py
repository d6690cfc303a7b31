"""What may be stored of a message (bot/safeguards/minimise.py, bot/safeguards/vocabulary.py):
only known words."""

from __future__ import annotations

import pytest

from bot.safeguards import vocabulary
from bot.safeguards.minimise import UNKNOWN, minimise
from bot.safeguards.privacy import find_identifiers


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (
            "jayden smith keeps turning up hungry to school",
            "[name removed] keeps turning up hungry to school",
        ),
        ("worried about zorblax, mum drinks", f"worried about {UNKNOWN}, mum drinks"),
        (
            "what do I do if parents refuse information sharing?",
            "what do I do if parents refuse information sharing?",
        ),
        ("born 2015, yr 8, 20 minutes late", f"born {UNKNOWN}, yr 8, 20 minutes late"),
        ("mum's new partner isn't letting her out", "mum's new partner isn't letting her out"),
    ],
)
def test_only_known_words_and_placeholders_are_kept(typed: str, stored: str) -> None:
    assert minimise(typed) == stored


def test_an_unknown_name_in_any_case_is_never_kept() -> None:
    for typed in (
        "qwyneth tarrow missed her appointment",
        "QWYNETH TARROW missed her appointment",
        "Qwyneth Tarrow missed her appointment",
    ):
        stored = minimise(typed).lower()
        assert "qwyneth" not in stored and "tarrow" not in stored
        assert "missed her appointment" in stored


def test_minimising_twice_changes_nothing() -> None:
    once = minimise("amira hussain born 3/4/15 lives on amhurst rd, dad drinks")
    assert minimise(once) == once


def test_runs_of_unknown_words_become_one_placeholder() -> None:
    assert minimise("zorblax quixtrel wibbleton is the issue") == f"{UNKNOWN} is the issue"


def test_every_case_pseudonym_and_service_word_is_known_and_not_an_identifier() -> None:
    """Content words come from knowledge/: a third audit's case names need no code change."""
    own = vocabulary.knowledge_words()
    for name in ("erika", "deshawn", "nia", "camhs", "elft"):
        assert name in own
        assert vocabulary.is_known(name)
    assert find_identifiers("what does the audit say about Erika and the Nia Project") == []
    assert [i.text for i in find_identifiers("Erika and jayden smith at the Nia Project")] == [
        "jayden smith"
    ]


def test_a_new_case_pseudonym_in_knowledge_is_known_without_code(knowledge_dir) -> None:  # type: ignore[no-untyped-def]
    (knowledge_dir / "cases" / "extra.yml").write_text(
        "cases:\n  - name: Zephyrine\n", encoding="utf-8"
    )
    assert "zephyrine" in vocabulary.knowledge_words.__wrapped__(knowledge_dir)


def test_service_numbers_from_knowledge_are_not_personal_phones() -> None:
    assert find_identifiers("is 020 7683 1270 the nia project?") == []
    assert [i.kind for i in find_identifiers("ring mum on 020 7946 0318")] == ["phone"]


def test_log_records_never_carry_identifiers_or_unknown_words(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from bot.safeguards import log_privacy

    log_privacy.install()
    logger = logging.getLogger("rasa.core.processor")
    with caplog.at_level(logging.DEBUG):
        logger.debug("Received user message '%s'", "qwyneth tarrow keeps missing school")
        logger.warning("Failed to parse arguments in line '%s'", "/ qwyneth is in danger")
        logger.info("Session for Amelia Smith DOB 14/02/2015")
    logged = caplog.text.lower()
    assert "qwyneth" not in logged and "tarrow" not in logged
    assert "amelia smith" not in logged and "14/02/2015" not in logged
    assert "keeps missing school" in logged


def test_the_software_s_own_names_stay_in_log_lines_that_quote_nothing_typed(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from bot.safeguards import log_privacy

    log_privacy.install()
    logger = logging.getLogger("rasa.server")
    with caplog.at_level(logging.DEBUG):
        logger.info("Starting Rasa server on http://0.0.0.0:5005")
        logger.warning("Sanic worker for Amelia Smith stopped")
        logger.debug("Received user message '%s'", "Rasa said the child is scared")
    lines = caplog.text.splitlines()
    assert "Starting Rasa server on" in lines[0]
    assert "Sanic worker for" in lines[1] and "Amelia Smith" not in lines[1]
    assert "Rasa said" not in lines[2]  # typed: a person's name, minimised as before


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("How was Caryn's case handled?", "How was Caryn's case handled?"),
        ("key messages from the SEND audit 2016-17", "key messages from the SEND audit 2016-17"),
        ("can i ring nia on 020 7683 1270", "can i ring nia on 020 7683 1270"),
        ("born 2015 and never seen", f"born {UNKNOWN} and never seen"),
        ("april is 6 and scared", "[name removed] is 6 and scared"),
        ("mum says Summer is scared", f"mum says {UNKNOWN} is scared"),
    ],
)
def test_known_words_that_look_like_names_in_context_are_removed_and_content_words_kept(
    typed: str, stored: str
) -> None:
    assert minimise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Will and his sister are on a CIN plan", f"{UNKNOWN} and his sister are on a CIN plan"),
        ("he and his sister are on a CIN plan", "he and his sister are on a CIN plan"),
        ("Keisha Campbell and Will were seen", f"[name removed] and {UNKNOWN} were seen"),
    ],
)
def test_a_word_coordinated_with_a_name_or_a_relative_is_a_name(typed: str, stored: str) -> None:
    assert minimise(typed) == stored


def test_a_hyphenated_name_is_removed_whole() -> None:
    assert (
        minimise("teacher says lily-may comes in hungry")
        == f"teacher says {UNKNOWN} comes in hungry"
    )
    assert minimise("non-compliant parents") == "non-compliant parents"


def test_exceptions_and_bad_format_calls_in_logs_are_safe(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from bot.safeguards import log_privacy

    log_privacy.install()
    logger = logging.getLogger("rasa.core.channels")
    with caplog.at_level(logging.INFO):
        try:
            raise ValueError("qwyneth tarrow 07700900123")
        except ValueError:
            logger.exception("failed")
        logger.info("%(a)s", {"b": 1})  # a malformed call is reported, never raised
    assert "qwyneth" not in caplog.text.lower() and "07700900123" not in caplog.text


@pytest.mark.parametrize(
    "typed",
    [
        "lone working policy for evening home visits",
        "Lone workers and home visits",
        "support for a lone parent",
        "faith based abuse and spirit possession",
        "deprivation of liberty for a 16 year old",
        "gillick competence for a 15 year old",
        "mate crime against a young person with learning difficulties",
        "cuckooing and county lines",
        "sextortion online",
        "harmful sexual behaviour in primary school",
        "perplexing presentations and fabricated or induced illness",
        "adhd and neurodiversity",
    ],
)
def test_a_safeguarding_topic_keeps_its_words(typed: str) -> None:
    """The topic is what makes an unanswered question useful to the partnership."""
    assert minimise(typed) == typed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("lone said her mum hits her", "[removed] said her mum hits her"),
        ("worried about faith and her brother", "worried about [removed] and her brother"),
        ("liberty is 6 and not in school", "[removed] is 6 and not in school"),
        ("mate says he is scared to go home", "[removed] says he is scared to go home"),
    ],
)
def test_a_name_that_is_part_of_a_topic_is_still_removed_on_its_own(
    typed: str, stored: str
) -> None:
    """A first name in a topic's phrase ("lone working", "faith based") is kept only inside
    the phrase: on its own it is someone's name."""
    assert minimise(typed) == stored
