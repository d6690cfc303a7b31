"""200 realistic conversations through the real servers, then every figure of the insights
(the report, its CSV files and the page's tables, signed in as a trainer) checked against what
was played.

The expected figures come from what the assistant visibly replied in each turn (the answer's
feedback buttons name its key message, "None of these" marks an unanswered question, ...),
never from the events table, so a wrong or missing event shows up as a wrong figure.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml

from bot.insights.export import csv_files
from bot.insights.report import (
    CASES_AND_AUDITS,
    ESCALATION_ROUTES,
    NOT_UNDERSTOOD,
    OUTSIDE_COVERAGE,
    STEP_LABELS,
    Insights,
    compute,
)
from bot.insights.views import CHANNEL_NAMES
from bot.knowledge.store import KnowledgeStore
from bot.names import FEEDBACK_REASONS
from bot.settings import (
    ENV_DATABASE_URL,
    ENV_SESSION_SECRET,
    ENV_TRAINER_PASSWORD_HASH,
    PROJECT_ROOT,
    Settings,
)
from bot.tooling.evaluation import ask
from bot.tooling.serve import Servers
from bot.web.trainer import hash_password
from tests.support import DATA, servers_in
from tests.web.dom import Node, parse, rows, tables

pytestmark = pytest.mark.model  # servers of its own (`played`), with the trainer's settings

CONVERSATIONS = 200
QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.yml"
UNCLEAR = (
    "what about FGM",
    "how do I make a Prevent referral for radicalisation",
    "county lines and a 14 year old",
    "is there learning on forced marriage",
    "LADO allegations against staff",
    "private fostering arrangements",
    "what about modern slavery and trafficking",
    "asdkjh",
)
TYPED_REASONS = (
    "I needed the contact for the FGM clinic",
    "nothing about county lines exploitation",
    "too general for a school nurse",
)
KEY_MESSAGE = re.compile(r'^/feedback_helpful\{"key_message":\s*"([^"]+)"\}$')
SITUATION = re.compile(r'^/choose_situation\{"escalation_situation":\s*"([^"]+)"\}$')
TRIED = re.compile(r'^/choose_tried\{"escalation_tried":\s*"([^"]+)"\}$')


@dataclass
class Expected:
    """What the learning lead should see, tallied from the replies."""

    answered: Counter[str] = field(default_factory=Counter)
    unanswered: int = 0
    declined: int = 0
    """Told plainly the audits do not cover it: a question, under its topic."""
    cases_and_audits: int = 0
    escalation_started: int = 0
    situation_known: int = 0
    completed: Counter[str] = field(default_factory=Counter)
    stopped: Counter[str] = field(default_factory=Counter)
    helpful: Counter[str] = field(default_factory=Counter)
    not_helpful: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    typed_reasons: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    identifiers: set[str] = field(default_factory=set)

    @property
    def questions(self) -> int:
        return (
            sum(self.answered.values())
            + self.unanswered
            + self.declined
            + self.cases_and_audits
            + self.escalation_started
        )


@dataclass
class Chat:
    """One conversation on one channel; each turn's replies are tallied as they come."""

    url: str
    channel: str
    origin: str
    expected: Expected
    sender: str = field(default_factory=lambda: uuid.uuid4().hex)
    last: list[dict[str, Any]] = field(default_factory=list)
    key_message: str | None = None
    typing_reason: bool = False
    """The next message says why the last answer did not help: when no key message fits it,
    it is feedback, not an unanswered question."""
    asking: str | None = None
    """The route finder's open question: what is wrong, or what has been tried."""

    def say(self, text: str) -> list[dict[str, Any]]:
        if self.channel == "rest":
            self.last = ask(self.url, text, self.sender)
        else:
            request = urllib.request.Request(
                f"{self.url}/chat/webhook",
                data=json.dumps({"sender": self.sender, "message": text}).encode(),
                headers={"Content-Type": "application/json", "Origin": self.origin},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                self.last = json.loads(response.read())
        self._tally(text)
        return self.last

    def payloads(self) -> list[str]:
        return [button["payload"] for message in self.last for button in message.get("buttons", [])]

    def texts(self) -> str:
        return "\n".join(message.get("text") or "" for message in self.last)

    def _tally(self, sent: str) -> None:
        expected, payloads, texts = self.expected, self.payloads(), self.texts()
        answered = [m.group(1) for p in payloads if (m := KEY_MESSAGE.match(p))]
        question_counted = True
        if answered:
            expected.answered[answered[0]] += 1
            self.key_message = answered[0]
        elif "the audits do not cover" in texts:
            expected.declined += 1
        elif payloads and payloads[-1] == "/none_of_these" and self.typing_reason:
            question_counted = False
        elif payloads and payloads[-1] == "/none_of_these":
            expected.unanswered += 1
        elif re.match(r"^[^\n]*, Case \d", texts) or texts.startswith("CHSCB Case Audits"):
            expected.cases_and_audits += 1
        elif (
            any(SITUATION.match(p) or TRIED.match(p) for p in payloads)
            and self.asking is None
            and not sent.startswith("/")
        ):
            # a typed question starts the route finder, at the situation question or,
            # when the message already says what is wrong, at what has been tried
            expected.escalation_started += 1
            self.asking = "escalation_situation"
        else:
            question_counted = False
        if any(TRIED.match(p) for p in payloads):
            expected.situation_known += 1
            self.asking = "escalation_tried"
        if texts.startswith("Your escalation route:"):
            route = re.search(r'"escalation_situation":\s*"([^"]+)"', " ".join(payloads))
            assert route is not None
            expected.completed[route.group(1)] += 1
            self.asking = None
        if texts.startswith("OK, I've stopped the escalation route"):
            expected.stopped[self.asking or ""] += 1
            self.asking = None
        if "your feedback has been recorded anonymously" in texts and self.key_message:
            expected.helpful[self.key_message] += 1
        if "What were you looking for?" in texts and self.key_message:
            expected.not_helpful[self.key_message] += 1
        if texts.startswith("Thank you, noted anonymously") and self.key_message:
            reason = re.search(r'"reason":\s*"([^"]+)"', sent)
            assert reason is not None
            expected.reasons[(self.key_message, reason.group(1))] += 1
        if question_counted:
            expected.channels[self.channel] += 1
        self.typing_reason = False

    def press(self, pattern: str) -> bool:
        """Presses the first button whose payload starts with `pattern`, if there is one."""
        chosen = next((p for p in self.payloads() if p.startswith(pattern)), None)
        if chosen is not None:
            self.say(chosen)
        return chosen is not None


def questions() -> list[str]:
    entries = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [entry["q"] for entry in entries if entry["kind"] in ("topic", "case")]


def identifying_messages() -> list[tuple[str, list[str]]]:
    """Labelled messages with identifiers, and the identifiers' text."""
    entries = yaml.safe_load((DATA / "privacy_cases.yml").read_text(encoding="utf-8"))
    return [
        (entry["text"], [str(span["text"]) for span in entry["identifiers"]])
        for entry in entries["cases"]
        if entry.get("identifiers")
    ]


def play(chat: Chat, recipe: int, rng: random.Random, texts: list[str]) -> None:
    """One of the ways practitioners use the assistant, as the recipe number says."""
    if recipe == 0:
        chat.say(rng.choice(texts))
    elif recipe == 1:
        chat.say(rng.choice(texts))
        chat.press("/feedback_helpful")
    elif recipe == 2:
        chat.say(rng.choice(texts))
        if chat.press("/feedback_not_helpful"):
            chat.press(
                rng.choice(
                    (
                        '/feedback_reason{"reason":"not-what-i-asked"}',
                        '/feedback_reason{"reason":"not-enough-detail"}',
                        '/feedback_reason{"reason":"out-of-date"}',
                    )
                )
            )
    elif recipe == 3:
        chat.say(rng.choice(texts))
        if chat.press("/feedback_not_helpful") and chat.key_message:
            reason = rng.choice(TYPED_REASONS)
            chat.expected.typed_reasons[chat.key_message] += 1
            chat.typing_reason = True
            chat.say(reason)
    elif recipe == 4:
        chat.say(rng.choice(UNCLEAR))
    elif recipe == 5:
        chat.say("how do I escalate")
        if chat.press("/choose_situation"):
            chat.press("/choose_tried")
    elif recipe == 6:
        chat.say("how do I escalate")
        chat.say("stop")
    elif recipe == 7:
        chat.say("how do I escalate")
        if chat.press("/choose_situation"):
            chat.say("stop")
    else:
        text, identifiers = rng.choice(identifying_messages())
        chat.expected.identifiers.update(identifiers)
        chat.say(text)


@dataclass(frozen=True)
class Played:
    expected: Expected
    insights: Insights
    store: KnowledgeStore
    page: Node
    """The insights page for the same range, as the trainer's browser receives it."""


PASSWORD = "a trainer's long passphrase"


def insights_page(rasa_url: str, start: date, end: date) -> Node:
    """Signs in through the form as a trainer does, then fetches the page for the range."""
    sign_in = urllib.request.Request(
        f"{rasa_url}/insights/login",
        data=urllib.parse.urlencode({"password": PASSWORD, "next": "/insights/"}).encode(),
        headers={"Origin": rasa_url, "Content-Type": "application/x-www-form-urlencoded"},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(sign_in, timeout=30)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 303, redirect.code
        cookie = redirect.headers["Set-Cookie"].split(";")[0]
    query = urllib.parse.urlencode({"from": start.isoformat(), "to": end.isoformat()})
    page = urllib.request.Request(f"{rasa_url}/insights/?{query}", headers={"Cookie": cookie})
    with urllib.request.urlopen(page, timeout=30) as response:
        return parse(response.read().decode("utf-8"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Played]:
    folder = tmp_path_factory.mktemp("insights")
    config = servers_in(
        folder,
        {
            ENV_TRAINER_PASSWORD_HASH: hash_password(PASSWORD, n=2**12),
            ENV_SESSION_SECRET: uuid.uuid4().hex * 2,
        },
    )
    expected, rng, texts = Expected(), random.Random(20261125), questions()
    origin = config.cors.split(",")[0].strip()
    today = datetime.now(timezone.utc).date()
    start = today - timedelta(days=1)
    with Servers(config, log_dir=folder / "logs"):
        for number in range(CONVERSATIONS):
            channel = "webchat" if number % 4 == 3 else "rest"
            play(Chat(config.rasa_url, channel, origin, expected), number % 9, rng, texts)
        page = insights_page(config.rasa_url, start, today)
    settings = Settings(config.extra_env[ENV_DATABASE_URL], PROJECT_ROOT / "knowledge", None)
    store = KnowledgeStore.from_settings(settings)
    yield Played(expected, compute(store, start, today), store, page)
    store.engine.dispose()


def test_the_conversations_cover_every_kind_of_figure(played: Played) -> None:
    expected = played.expected
    # every conversation asks a question, except one recipe in nine, which shares identifiers
    assert expected.questions >= CONVERSATIONS * 8 // 9
    assert expected.unanswered and expected.cases_and_audits and expected.escalation_started
    assert expected.helpful and expected.not_helpful and expected.reasons
    assert expected.typed_reasons and expected.completed and expected.stopped
    assert set(expected.channels) == {"rest", "webchat"} and expected.identifiers


def test_question_counts_by_theme_and_channel(played: Played) -> None:
    expected, insights = played.expected, played.insights
    assert insights.questions == expected.questions
    by_topic: Counter[str] = Counter()
    for row in insights.questions_by_week_and_theme:
        by_topic[row.theme] += row.questions
    titles = theme_titles(played.store, expected.answered)
    wanted: Counter[str] = Counter()
    for key_message, count in expected.answered.items():
        wanted[titles[key_message]] += count
    wanted[NOT_UNDERSTOOD] += expected.unanswered
    wanted[OUTSIDE_COVERAGE] += expected.declined
    wanted[CASES_AND_AUDITS] += expected.cases_and_audits
    wanted[ESCALATION_ROUTES] += expected.escalation_started
    assert by_topic == +wanted
    assert dict(insights.channels) == dict(expected.channels)
    assert sum(rate.unanswered for rate in insights.unanswered_by_week) == expected.unanswered
    assert sum(rate.questions for rate in insights.unanswered_by_week) == expected.questions


def test_top_key_messages_helpfulness_and_reasons(played: Played) -> None:
    expected, insights = played.expected, played.insights
    top = {row.key_message_id: row.answered for row in insights.top_key_messages}
    for key_message, count in top.items():
        assert expected.answered[key_message] == count
    assert (
        sorted(top.values(), reverse=True)
        == sorted(expected.answered.values(), reverse=True)[: len(top)]
    )
    helpfulness = {row.key_message_id: row for row in insights.helpfulness}
    for key_message in set(expected.helpful) | set(expected.not_helpful):
        row = helpfulness[key_message]
        assert (row.helpful, row.not_helpful) == (
            expected.helpful[key_message],
            expected.not_helpful[key_message],
        )
        assert len(row.typed_reasons) == expected.typed_reasons[key_message]
    given = Counter(
        {
            (row.key_message_id, label): count
            for row in insights.helpfulness
            for label, count in row.reasons
        }
    )
    labels = FEEDBACK_REASONS
    wanted = Counter({(km, labels[reason]): n for (km, reason), n in expected.reasons.items()})
    for key_message, count in expected.typed_reasons.items():
        wanted[(key_message, "Typed")] += count
    assert given == wanted


def test_the_escalation_funnel(played: Played) -> None:
    expected, funnel = played.expected, played.insights.funnel
    assert funnel.started == expected.escalation_started
    assert funnel.situation_known == expected.situation_known
    assert funnel.completed == sum(expected.completed.values())
    assert dict(funnel.stopped_at) == {
        STEP_LABELS[step]: count for step, count in expected.stopped.items()
    }


def test_the_csv_files_hold_the_same_figures(played: Played) -> None:
    files = csv_files(played.insights)
    channels = {row["channel"]: int(row["questions"]) for row in rows_of(files["channels.csv"])}
    assert channels == dict(played.expected.channels)
    top = {
        row["key_message_id"]: int(row["answered"])
        for row in rows_of(files["top_key_messages.csv"])
    }
    assert top == {row.key_message_id: row.answered for row in played.insights.top_key_messages}
    funnel = {
        (row["measure"], row["detail"]): int(row["count"])
        for row in rows_of(files["escalation_funnel.csv"])
    }
    expected = played.expected
    assert funnel[("started", "")] == expected.escalation_started
    assert funnel[("situation_known", "")] == expected.situation_known
    assert funnel[("completed", "")] == sum(expected.completed.values())
    helpfulness = {
        row["key_message_id"]: (int(row["helpful"]), int(row["not_helpful"]))
        for row in rows_of(files["helpfulness.csv"])
    }
    for key_message in set(expected.helpful) | set(expected.not_helpful):
        assert helpfulness[key_message] == (
            expected.helpful[key_message],
            expected.not_helpful[key_message],
        )
    weeks = rows_of(files["unanswered_by_week.csv"])
    assert sum(int(row["unanswered"]) for row in weeks) == expected.unanswered
    assert sum(
        int(row["questions"]) for row in rows_of(files["questions_by_week_and_theme.csv"])
    ) == (expected.questions)


def test_no_identifier_reaches_the_events_or_the_csv_files(played: Played) -> None:
    with played.store.engine.connect() as connection:
        stored = "\n".join(
            str(value)
            for row in connection.exec_driver_sql("SELECT * FROM usage_events")
            for value in row
            if value is not None
        )
    exported = "\n".join(csv_files(played.insights).values())
    for identifier in played.expected.identifiers:
        assert identifier not in stored, identifier
        assert identifier not in exported, identifier


def test_the_page_shows_the_same_figures(played: Played) -> None:
    expected, found = played.expected, tables(played.page)
    totals = next(
        row for row in rows(found["Questions per week by theme"]) if row[0] == "All questions"
    )
    assert int(totals[-1]) == expected.questions
    channels = {row[0]: int(row[1]) for row in rows(found["Questions by channel"])}
    assert channels == {CHANNEL_NAMES[name]: count for name, count in expected.channels.items()}
    funnel = {row[0]: int(row[1]) for row in rows(found["Escalation route funnel"])}
    assert funnel["Started"] == expected.escalation_started
    assert funnel["Situation known"] == expected.situation_known
    assert funnel["Completed"] == sum(expected.completed.values())
    helpfulness = {
        row[0]: (int(row[1]), int(row[2])) for row in rows(found["Helpfulness per key message"])
    }
    titles = {row.key_message_id: row.title for row in played.insights.helpfulness}
    for key_message in set(expected.helpful) | set(expected.not_helpful):
        assert helpfulness[titles[key_message]] == (
            expected.helpful[key_message],
            expected.not_helpful[key_message],
        )
    text = played.page.text()
    for identifier in expected.identifiers:
        assert identifier not in text, identifier


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def theme_titles(store: KnowledgeStore, key_messages: Counter[str]) -> dict[str, str]:
    with store.session() as session:
        return {
            key_message: message.theme.title
            for key_message in key_messages
            if (message := store.key_message(session, key_message)) is not None
        }
