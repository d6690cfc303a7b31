"""The assistant as deployed (RPA_MODE=production, Teams configured), real servers: who may use
which door, what the servers listen on and what they disclose (issue 14, parts 2 and 6)."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.settings import ConfigurationError
from bot.tooling.serve import ServerConfig, Servers
from bot.web.trainer import hash_password
from tests.support import free_port, servers_in

REST_TOKEN = "rest-" + "r" * 40
TEAMS = {
    "TEAMS_APP_ID": "6f1c2b9e-8d3a-4e57-b1f0-2c9d7e4a5b13",
    "TEAMS_APP_PASSWORD": "not-a-real-secret",
    "TEAMS_APP_TENANT_ID": "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
}


TRAINER = {
    "RPA_TRAINER_PASSWORD_HASH": hash_password("the deployment test's trainer password"),
    "RPA_SESSION_SECRET": "s" * 48,
    "RPA_PUBLIC_URL": "https://assistant.example.org",
}


@dataclass(frozen=True)
class Deployment:
    config: ServerConfig
    knowledge_db: Path


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("production")
    config = servers_in(
        folder, {"RPA_MODE": "production", "RPA_REST_TOKEN": REST_TOKEN, **TRAINER, **TEAMS}
    )
    with Servers(config, log_dir=folder / "logs"):
        yield Deployment(config, folder / "knowledge.db")


def request(
    url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    call = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_rest_answers_only_the_token_holder(deployment: Deployment) -> None:
    url = f"{deployment.config.rasa_url}/webhooks/rest/webhook"
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": REST_TOKEN}):
        status, text = request(url, body, headers)
        assert status == 401 and "Bearer" in text, headers
    status, text = request(url, body, {"Authorization": f"Bearer {REST_TOKEN}"})
    assert status == 200 and json.loads(text)[0]["text"]


def test_the_web_chat_stays_open_to_its_pages(deployment: Deployment) -> None:
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    status, text = request(
        f"{deployment.config.rasa_url}/chat/webhook",
        body,
        {"Content-Type": "application/json", "Origin": "http://localhost:5005"},
    )
    assert status == 200 and json.loads(text)[0]["text"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"", "empty"),
        (b"[]", "array"),
        (b'{"type": "message", "serviceUrl": 5}', "serviceUrl"),
        (b"{" + b'"a":{' * 10, "JSON"),
    ],
    ids=lambda value: value if isinstance(value, str) else "body",
)
def test_teams_refuses_malformed_activities_with_a_400(
    deployment: Deployment, body: bytes, named: str
) -> None:
    status, text = request(
        f"{deployment.config.rasa_url}/webhooks/teams/webhook",
        body,
        {"Content-Type": "application/json"},
    )
    assert status == 400 and named in text


def test_teams_refuses_an_unsigned_activity(deployment: Deployment) -> None:
    activity = {
        "type": "message",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "channelId": "msteams",
        "from": {"id": "29:x"},
        "recipient": {"id": "28:x"},
        "conversation": {"id": "a:x"},
        "text": "hello",
    }
    status, _ = request(
        f"{deployment.config.rasa_url}/webhooks/teams/webhook",
        json.dumps(activity).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 401


def test_the_root_page_does_not_name_rasa_or_its_version(deployment: Deployment) -> None:
    status, text = request(f"{deployment.config.rasa_url}/")
    assert status == 200
    assert "rasa" not in text.lower() and "3.6" not in text


def test_compressed_bodies_are_refused(deployment: Deployment) -> None:
    headers = {"Content-Encoding": "deflate", "Authorization": f"Bearer {REST_TOKEN}"}
    status, _ = request(f"{deployment.config.rasa_url}/webhooks/rest/webhook", b"x\x9c", headers)
    assert status == 415
    headers["Authorization"] = f"Bearer {deployment.config.action_token}"
    status, _ = request(f"{deployment.config.actions_url}/webhook", b"x\x9c", headers)
    assert status == 415


def forged_feedback_call() -> dict[str, Any]:
    """What Rasa would post to run action_record_feedback, made up by someone else: the
    tracker claims the assistant offered the button, so the action would write a row."""
    payload = '/feedback_helpful{"key_message":"young-carers"}'
    entity = {"entity": "key_message", "value": "young-carers"}
    return {
        "next_action": "action_record_feedback",
        "sender_id": "forger",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "forger",
            "slots": {"key_message": "young-carers"},
            "latest_message": {
                "text": payload,
                "intent": {"name": "feedback_helpful", "confidence": 1.0},
                "entities": [entity],
            },
            "events": [
                {
                    "event": "bot",
                    "text": "Was this helpful?",
                    "data": {"buttons": [{"payload": payload}]},
                }
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def feedback_rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("select count(*) from feedback").fetchone()[0])


def test_the_action_server_runs_nothing_for_a_forged_tracker(deployment: Deployment) -> None:
    before = feedback_rows(deployment.knowledge_db)
    body = json.dumps(forged_feedback_call()).encode()
    url = f"{deployment.config.actions_url}/webhook"
    for headers in (
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json", "Authorization": "Bearer guessed"},
    ):
        status, _ = request(url, body, headers)
        assert status == 401, headers
    assert feedback_rows(deployment.knowledge_db) == before
    assert request(f"{deployment.config.actions_url}/health")[0] == 200


def listening_addresses(port: int) -> set[str]:
    """The IPv4 and IPv6 addresses something listens on at `port`, from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:] if Path(table).exists() else []
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_both_servers_listen_on_the_loopback_only(deployment: Deployment) -> None:
    loopback = {"0100007F"}  # 127.0.0.1, little-endian hex
    assert listening_addresses(deployment.config.rasa_port) == loopback
    assert listening_addresses(deployment.config.actions_port) == loopback


def test_production_without_a_rest_token_does_not_start(tmp_path: Path) -> None:
    config = ServerConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        tracker_db=tmp_path / "conversations.db",
        extra_env={"RPA_MODE": "production", "RPA_REST_TOKEN": ""},
    )
    servers = Servers(config)
    with pytest.raises(ConfigurationError, match="RPA_REST_TOKEN"):
        servers.start()
    assert servers.processes == []


@pytest.mark.parametrize(
    "missing", ["RPA_TRAINER_PASSWORD_HASH", "RPA_SESSION_SECRET", "RPA_PUBLIC_URL"]
)
def test_production_without_a_trainer_setting_or_public_url_does_not_start(
    tmp_path: Path, missing: str
) -> None:
    settings = {"RPA_MODE": "production", "RPA_REST_TOKEN": REST_TOKEN, **TRAINER, missing: ""}
    config = ServerConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        tracker_db=tmp_path / "conversations.db",
        extra_env=settings,
    )
    servers = Servers(config)
    with pytest.raises(ConfigurationError, match=missing):
        servers.start()
    assert servers.processes == []


def test_the_rasa_http_api_is_off(deployment: Deployment) -> None:
    """`rasa run --enable-api` would let anyone read and rewrite every conversation."""
    base = deployment.config.rasa_url
    assert request(f"{base}/status")[0] == 404
    assert request(f"{base}/conversations/someone/tracker")[0] == 404
    assert request(f"{base}/model/parse", json.dumps({"text": "hi"}).encode())[0] == 404
