"""Command line: `python -m bot cluster start|stop|status|init-sql|config` (wired in
bot/tooling/cli.py)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from bot.tooling import deployment_check
from bot.tooling.cluster.config import CURRENT_MODEL, DEFAULT_ROOT, LOCAL, ClusterConfig
from bot.tooling.cluster.control import Cluster
from bot.tooling.cluster.programs import missing_packages
from bot.tooling.cluster.templates import RENDERED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `cluster` command's actions, for bot/tooling/cli.py."""
    actions = parser.add_subparsers(dest="action", required=True)
    start = actions.add_parser("start", help="start the cluster; returns once it answers")
    start.add_argument("--rasa-instances", type=int, default=2, help="default: 2")
    actions.add_parser("stop", help="stop the cluster that `start` started")
    actions.add_parser("status", help="list the cluster's running processes")
    actions.add_parser(
        "init-sql",
        help="print postgres-init.sql with the role's password from <root>/conf/secrets.env, "
        "for `psql` run as the postgres user",
    )
    config = actions.add_parser(
        "config", help="write deploy/'s files filled in for --root into <root>/conf, and exit"
    )
    config.add_argument(
        "--public-address", default="", help="HAProxy's public front end (default: all)"
    )
    config.add_argument("--https-port", type=int, default=443)
    config.add_argument("--http-port", type=int, default=80, help="redirected to https")
    config.add_argument(
        "--certificate",
        default="/etc/haproxy/rpa.pem",
        help="certificate, chain and key in one PEM file, readable by root only",
    )
    for action in actions.choices.values():
        action.add_argument(
            "--root", default=str(DEFAULT_ROOT), help="its files' folder (default: var/cluster)"
        )


def run(args: argparse.Namespace) -> int:
    """Handler for `python -m bot cluster start|stop|status|config`."""
    defaults = ClusterConfig(root=Path(args.root).resolve())
    first = defaults.rasa_ports[0]
    config = replace(
        defaults, rasa_ports=tuple(range(first, first + getattr(args, "rasa_instances", 2)))
    )
    if args.action == "config":  # a server's: public, TLS with its own certificate, production
        config = replace(
            config,
            public_address=args.public_address,
            https_port=args.https_port,
            http_port=args.http_port,
            certificate=Path(args.certificate),
            mode="production",
            haproxy_socket_dir=Path("/run/rpa-haproxy"),
            redis_dir=Path("/var/lib/redis"),
        )
    cluster = Cluster(config, CURRENT_MODEL)
    if args.action == "stop":
        cluster.stop()
        print(f"cluster in {config.root} stopped")
    elif args.action == "status":
        running = cluster.running()
        for name, pid in running.items():
            print(f"  {name:<16} pid {pid}")
        print(f"{len(running)} process(es) of the cluster in {config.root} running")
        return 0 if running else 3
    elif args.action == "init-sql":
        try:
            print(cluster.init_script(), end="")
        except PermissionError as error:
            print(f"error: {error}: run this step as root (deploy/README.md)", file=sys.stderr)
            return 1
    elif args.action == "config":
        try:
            new = [name for name in (LOCAL, "secrets.env") if not (config.conf_dir / name).exists()]
            cluster.write_configuration()
        except PermissionError as error:
            print(f"error: {error}: run this step as root (deploy/README.md)", file=sys.stderr)
            return 1
        kept = [name for name in (LOCAL, "secrets.env") if name not in new]
        print(
            f"written to {config.conf_dir}: {', '.join(RENDERED)}"
            + (f"; new: {', '.join(new)}" if new else "")
            + (f"; kept as they were: {', '.join(kept)}" if kept else "")
        )
    else:
        return _start(cluster)
    return 0


def _start(cluster: Cluster) -> int:
    config = cluster.config
    missing = missing_packages()
    if missing:
        print(f"missing Debian packages: {' '.join(missing)}; run `make cluster-deps`")
        return 1
    try:
        cluster.prepare()
        print(
            f"{deployment_check.describe(cluster.environment())} "
            f"(from {config.conf_dir}/{LOCAL})",
            flush=True,
        )
        seconds = cluster.start()
    except (RuntimeError, OSError) as error:
        print(f"cluster not started: {error}", file=sys.stderr)
        return 1
    url = config.balancer_url.replace("127.0.0.1", "localhost")
    print(
        f"Cluster ready in {seconds:.0f}s.\n"
        f"  Chat in your browser: {config.public_url}/chat/ (a self-signed certificate "
        f"for localhost: {config.certificate_file}), or {url}/chat/\n"
        f"  REST channel: POST {url}/webhooks/rest/webhook\n"
        f"  Rasa on {', '.join(map(str, config.rasa_ports))}; action servers on "
        f"{', '.join(map(str, config.actions_ports))} (balanced on {config.actions_balancer_port})"
        f"; PostgreSQL on {config.postgres_port}; Redis on {config.redis_port}\n"
        f"  Configuration, data and logs: {config.root}\n"
        "Stop it with: make cluster-stop"
    )
    return 0
