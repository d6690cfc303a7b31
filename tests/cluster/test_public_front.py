"""The cluster as a server runs it (deploy/README): the public HAProxy front end with TLS, the
deployer's settings from local.env and secrets.env, backups through --env-file (deployment
review P2, P3, P5, P9, P15; security review 5, 6, 19)."""

from __future__ import annotations

import http.client
import json
import os
import pwd
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from email.message import Message
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.tooling.cluster import ENV_FILES, LOCAL, Cluster
from tests.cluster.support import REST_TOKEN, TRAINER_PASSWORD

Answer = tuple[int, dict[str, str], str]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


def call(
    cluster: Cluster, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Answer:
    """One request, trusting the cluster's own certificate for localhost; redirects are
    returned, not followed."""
    context = ssl.create_default_context(cafile=str(cluster.config.certificate_file))
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, lowered(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, lowered(error.headers), error.read().decode()


def lowered(headers: Message) -> dict[str, str]:
    """Header names as HAProxy sends them over HTTP/1.1: lower case."""
    return {name.lower(): value for name, value in headers.items()}


def public(cluster: Cluster) -> str:
    return cluster.config.public_url


def test_the_chat_answers_over_tls_with_hsts(cluster: Cluster) -> None:
    status, headers, page = call(cluster, f"{public(cluster)}/chat/")
    assert status == 200 and "<html" in page.lower()
    assert headers["strict-transport-security"].startswith("max-age=")
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    status, _, reply = call(
        cluster,
        f"{public(cluster)}/chat/webhook",
        body,
        {"Content-Type": "application/json", "Origin": public(cluster)},
    )
    assert status == 200 and json.loads(reply)[0]["text"]


def test_plain_http_is_sent_to_https(cluster: Cluster) -> None:
    status, headers, _ = call(cluster, f"http://localhost:{cluster.config.http_port}/chat/")
    assert status == 301 and headers["location"].startswith("https://localhost")


def test_only_the_public_paths_are_reachable_from_outside(cluster: Cluster) -> None:
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    token = {"Authorization": f"Bearer {REST_TOKEN}", "Content-Type": "application/json"}
    for path in ("/webhooks/rest/webhook", "/status", "/chat/../webhooks/rest/webhook"):
        assert call(cluster, f"{public(cluster)}{path}", body, token)[0] in (400, 404), path
    # On this machine's own front end REST answers its token holders only.
    rest = f"{cluster.config.balancer_url}/webhooks/rest/webhook"
    assert call(cluster, rest, body, {"Content-Type": "application/json"})[0] == 401
    status, _, reply = call(cluster, rest, body, token)
    assert status == 200 and json.loads(reply)[0]["text"]


def test_a_body_over_64_kb_is_refused_at_the_proxy(cluster: Cluster) -> None:
    """Refused on its headers, before a byte of the body is read (so the answer is read
    without sending one)."""
    context = ssl.create_default_context(cafile=str(cluster.config.certificate_file))
    connection = http.client.HTTPSConnection(
        "localhost", cluster.config.https_port, context=context, timeout=30
    )
    try:
        connection.putrequest("POST", "/chat/webhook")
        for name, value in (
            ("Content-Type", "application/json"),
            ("Origin", public(cluster)),
            ("Content-Length", "70000"),
        ):
            connection.putheader(name, value)
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_the_trainer_cookie_is_secure_behind_the_proxy(cluster: Cluster) -> None:
    """HAProxy tells Rasa the request came over TLS (X-Forwarded-Proto), whatever the client
    claimed; the cookie then gets Secure, and signs in on every instance (one session secret,
    generated into secrets.env; the hash was written quoted there)."""
    status, headers, _ = call(
        cluster,
        f"{public(cluster)}/insights/login",
        f"password={TRAINER_PASSWORD.replace(' ', '+')}".encode(),
        {
            "Origin": public(cluster),
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-Proto": "http",
        },
    )
    assert status == 303, status
    cookie = headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    pair = cookie.split(";")[0]
    for url in cluster.config.rasa_urls:
        status, _, _ = call(cluster, f"{url}/insights/", headers={"Cookie": pair})
        assert status == 200, url


def environment_of(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode().partition("=")[::2] for pair in pairs if pair)


def test_the_servers_run_with_the_deployers_settings_only(cluster: Cluster) -> None:
    """What local.env says reaches every server; nothing of the shell that started the
    cluster does (systemd gives a unit none of it either)."""
    running = cluster.running()
    for name in (n for n in running if n.startswith(("rasa-", "actions-"))):
        environment = environment_of(running[name])
        assert environment["RPA_MODE"] == "production", name
        assert environment["RPA_PUBLIC_URL"] == public(cluster), name
        assert "PYTEST_CURRENT_TEST" not in environment, name


def test_haproxy_drops_root_into_its_chroot(cluster: Cluster) -> None:
    if os.geteuid() != 0:
        return  # a cluster started by another user has no root to drop (haproxy.cfg)
    pid = cluster.running()["haproxy"]
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
    assert int(uid) == pwd.getpwnam("haproxy").pw_uid
    assert os.readlink(f"/proc/{pid}/root") == "/var/lib/haproxy"
    assert (cluster.config.haproxy_run_dir / "admin.sock").is_socket()


def test_the_settings_survive_a_new_rendering(cluster: Cluster) -> None:
    conf = cluster.config.conf_dir
    before = {name: (conf / name).read_bytes() for name in (LOCAL, "secrets.env")}
    cluster.write_configuration()
    assert {name: (conf / name).read_bytes() for name in before} == before


def test_backup_and_restore_with_the_env_files(cluster: Cluster, tmp_path: Path) -> None:
    """`python -m bot --env-file ... backup create --dir` as rpa-backup.service runs it: the
    quoted hash and two CORS origins in the files bother nobody (P3b, P6)."""
    env_files = [
        arg for name in ENV_FILES for arg in ("--env-file", str(cluster.config.conf_dir / name))
    ]
    folder = tmp_path / "backups"
    created = subprocess.run(
        [sys.executable, "-m", "bot", *env_files, "backup", "create", "--dir", str(folder)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    (backup,) = folder.glob("knowledge-*.dump")
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    restored = subprocess.run(
        [sys.executable, "-m", "bot", *env_files, "backup", "restore", str(backup), "--yes"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    headers = {"Content-Type": "application/json", "Origin": public(cluster)}
    assert call(cluster, f"{public(cluster)}/chat/webhook", body, headers)[0] == 200


def test_zz_a_client_over_the_rate_limit_gets_429(cluster: Cluster) -> None:
    """Last in this file: it uses up this address's allowance for ten seconds."""
    statuses = [call(cluster, f"{public(cluster)}/chat/widget.css")[0] for _ in range(130)]
    assert statuses[0] == 200 and statuses[-1] == 429
    assert statuses.count(200) <= 101
