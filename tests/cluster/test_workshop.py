"""A workshop on the cluster: its state is in PostgreSQL, so a vote taken by one Rasa instance
reaches a presenter whose event stream another instance serves, and the trainer's sign-in on
one instance is good on the other."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from bot.tooling.cluster import Cluster
from bot.tooling.workshop_bench import Presenter, Trainer, post_json
from tests.cluster.support import TRAINER_PASSWORD

VOTERS = 20


def test_votes_on_one_instance_reach_the_presenter_on_the_other(cluster: Cluster) -> None:
    presenter_url, voting_url = cluster.config.rasa_urls[:2]
    trainer = Trainer.sign_in(presenter_url, TRAINER_PASSWORD, origin=cluster.config.public_url)
    session_id = trainer.start()
    elsewhere = trainer.at(voting_url)
    code = elsewhere.state(session_id)["code"]  # the cookie is good on the other instance
    tokens = [
        post_json(f"{voting_url}/workshop/api/join", {"code": code})["token"] for _ in range(VOTERS)
    ]
    elsewhere.control(session_id, "open")
    presenter = Presenter(trainer, session_id, VOTERS)
    assert presenter.first.wait(30), "no event from the presenter's instance"
    sent = time.perf_counter()
    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(
            pool.map(
                lambda pair: post_json(
                    f"{voting_url}/workshop/api/answer", {"token": pair[1], "choice": pair[0] % 4}
                ),
                enumerate(tokens),
            )
        )
    assert {reply["status"] for reply in replies} == {"recorded"}
    presenter.listener.join(15)
    seen = presenter.received
    assert seen[-1][1] == VOTERS, seen[-3:]
    assert seen[-1][0] - sent < 5.0
    assert trainer.state(session_id)["counts"][:4] == [5, 5, 5, 5]
    trainer.control(session_id, "end")
