"""How long a vote takes to reach the presenter's chart, through the real server: `make bench`
starts a workshop, has `VOTE_LOAD.participants` participants vote at random moments within
`VOTE_LOAD.seconds`, and times each vote from the moment it is sent to the Server-Sent Event
that first counts it, as the presenter's browser receives it."""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPResponse
from typing import Any

from bot.live_workshop.api import PARTICIPANT_COOKIE
from bot.tooling.load import LoadRun
from bot.web.heap import settle_heap

SSE_TIMEOUT_S = 30.0
CASE = "send-adam"


@dataclass(frozen=True)
class VoteLoad:
    participants: int
    seconds: float


VOTE_LOAD = VoteLoad(40, 10.0)
"""Issue 11: 40 participants voting within 10 s; the target is a p95 under 2 s."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Trainer:
    """The trainer's side over HTTP: sign in, start, control, with the session cookie."""

    def __init__(self, url: str, cookie: str = "", origin: str | None = None) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.cookie = cookie
        self.origin = origin or url
        """What a browser sends as Origin: the site's public address where one is set (a
        production instance refuses a form from any other), else the instance's own."""

    @classmethod
    def sign_in(cls, url: str, password: str, origin: str | None = None) -> Trainer:
        trainer = cls(url, origin=origin)
        reply = trainer._send("/workshop/login", {"password": password})
        trainer.cookie = reply.headers["Set-Cookie"].split(";")[0]
        return trainer

    def at(self, url: str) -> Trainer:
        """The same trainer on another instance of the cluster (the cookie is good there)."""
        return Trainer(url, self.cookie, self.origin)

    def _send(self, path: str, form: dict[str, str] | None = None, body: Any = None) -> Any:
        headers = {"Origin": self.origin, "Cookie": self.cookie}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=headers)
        try:
            return self.opener.open(request, timeout=SSE_TIMEOUT_S)
        except urllib.error.HTTPError as error:
            if error.code == 303:
                return error
            raise

    def start(self) -> int:
        reply = self._send("/workshop/sessions", {"case": CASE, "checks": "yes"})
        return int(reply.headers["Location"].split("/")[3])

    def state(self, session_id: int) -> dict[str, Any]:
        with self._send(f"/workshop/s/{session_id}/state") as reply:
            return dict(json.load(reply))

    def control(self, session_id: int, action: str) -> None:
        self._send(f"/workshop/s/{session_id}/control", body={"action": action}).close()

    def events(self, session_id: int) -> HTTPResponse:
        return self._send(f"/workshop/s/{session_id}/events")


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=SSE_TIMEOUT_S) as reply:
        return dict(json.load(reply))


class Presenter:
    """A presenter's event stream, read in a thread: when each event came (perf_counter) and
    how many answers it counted, until `answers` are counted or the session ends."""

    def __init__(self, trainer: Trainer, session_id: int, answers: int) -> None:
        self.received: list[tuple[float, int]] = []
        self.first = threading.Event()
        self.listener = threading.Thread(
            target=self._listen, args=(trainer, session_id, answers), daemon=True
        )
        self.listener.start()

    def _listen(self, trainer: Trainer, session_id: int, answers: int) -> None:
        with trainer.events(session_id) as stream:
            for raw in stream:
                line = raw.decode("utf-8").strip()
                if line.startswith("data: "):
                    state = json.loads(line.removeprefix("data: "))
                    self.received.append((time.perf_counter(), int(state["answered"])))
                    self.first.set()
                    if state["answered"] >= answers or state["ended"]:
                        return


def measure_vote_to_chart(url: str, password: str, load: VoteLoad = VOTE_LOAD) -> dict[str, Any]:
    settle_heap()  # this process's own full collections must not delay the presenter's thread
    trainer = Trainer.sign_in(url, password)
    session_id = trainer.start()
    code = trainer.state(session_id)["code"]
    tokens = [
        post_json(f"{url}/workshop/api/join", {"code": code})["token"]
        for _ in range(load.participants)
    ]
    trainer.control(session_id, "open")
    presenter = Presenter(trainer, session_id, load.participants)
    presenter.first.wait(SSE_TIMEOUT_S)
    received = presenter.received
    run = LoadRun()
    sent: list[tuple[float, float]] = []

    def vote(index: int) -> None:
        time.sleep(random.Random(index).uniform(0, load.seconds))
        started = time.perf_counter()
        try:
            post_json(f"{url}/workshop/api/answer", {"token": tokens[index], "choice": index % 5})
            sent.append((started, time.perf_counter()))
        except OSError as error:
            run.errors.append(f"vote {index}: {type(error).__name__}")

    begun = time.perf_counter()
    with ThreadPoolExecutor(max_workers=load.participants) as pool:
        list(pool.map(vote, range(load.participants)))
    presenter.listener.join(SSE_TIMEOUT_S)
    run.seconds = time.perf_counter() - begun
    # The k-th vote to be stored is counted by the first event with k answers or more.
    for rank, (started, _done) in enumerate(sorted(sent, key=lambda pair: pair[1]), start=1):
        counted = next((at for at, answered in received if answered >= rank), None)
        if counted is None:
            run.errors.append(f"vote {rank}: no event counted it")
        else:
            run.latencies_ms.append(max(0.0, counted - started) * 1000)
    trainer.control(session_id, "end")
    return {"participants": load.participants, "within_s": load.seconds, **run.summary()}


PHONES = 15
MOVES = 5


class Phone:
    """A participant's event stream (what participant.js follows), read in a thread: when
    each step of the session first reached it (perf_counter)."""

    def __init__(self, url: str, token: str) -> None:
        self.reached: dict[int, float] = {}
        self.ready = threading.Event()
        request = urllib.request.Request(
            f"{url}/workshop/answer/events", headers={"Cookie": f"{PARTICIPANT_COOKIE}={token}"}
        )
        self.listener = threading.Thread(target=self._listen, args=(request,), daemon=True)
        self.listener.start()

    def _listen(self, request: urllib.request.Request) -> None:
        with urllib.request.urlopen(request, timeout=SSE_TIMEOUT_S) as stream:
            for raw in stream:
                line = raw.decode("utf-8").strip()
                if line.startswith("data: "):
                    position = json.loads(line.removeprefix("data: "))
                    self.reached.setdefault(int(position["step"]), time.perf_counter())
                    self.ready.set()
                    if position["ended"]:
                        return


def measure_phones_follow(
    url: str, password: str, phones: int = PHONES, moves: int = MOVES
) -> dict[str, Any]:
    """How long after the trainer presses "next" each phone's page hears of the new step,
    through its own event stream (the page then fetches the question in place)."""
    trainer = Trainer.sign_in(url, password)
    session_id = trainer.start()
    code = trainer.state(session_id)["code"]
    following = [
        Phone(url, post_json(f"{url}/workshop/api/join", {"code": code})["token"])
        for _ in range(phones)
    ]
    for phone in following:
        phone.ready.wait(SSE_TIMEOUT_S)
    run = LoadRun()
    begun = time.perf_counter()
    for step in range(1, moves + 1):
        pressed = time.perf_counter()
        trainer.control(session_id, "next")
        deadline = pressed + SSE_TIMEOUT_S
        while time.perf_counter() < deadline and not all(step in p.reached for p in following):
            time.sleep(0.02)
        for index, phone in enumerate(following):
            if step in phone.reached:
                run.latencies_ms.append((phone.reached[step] - pressed) * 1000)
            else:
                run.errors.append(f"phone {index} never heard of step {step}")
    run.seconds = time.perf_counter() - begun
    trainer.control(session_id, "end")
    for phone in following:
        phone.listener.join(SSE_TIMEOUT_S)
    return {"phones": phones, "moves": moves, **run.summary()}
