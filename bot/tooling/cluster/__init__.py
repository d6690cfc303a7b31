"""The assistant as a cluster on one machine: `make cluster` and `make cluster-stop`.

PostgreSQL holds the knowledge base (with feedback and usage events) and the conversations,
Redis is Rasa's lock store, and HAProxy spreads the work over two or more Rasa instances and
the action servers. Every one of them runs from Debian's packages as this project's own
process, with its data, configuration, logs and pid files under var/cluster/, never as the
system's services.

What runs is what a deployer installs: every configuration file comes from deploy/, filled in
only with ports and paths, and the Rasa and action servers are started from the ExecStart
lines and environment files of deploy/systemd/. `python -m bot cluster config --root DIR`
writes those files, filled in, to DIR/conf/ for a server (deploy/README.md).

Each conversation is kept on one Rasa instance by the balancer (a hash of the sender id in the
request body): Rasa Open Source's RedisLockStore takes a conversation's lock in two steps, so two
instances handling one conversation at the same moment can both take it (Rasa issue 9213; the
fix was reverted and kept for the commercial edition). Any instance can still carry on any
conversation, one turn after another, since all of them share the tracker store.

The package, one job a module: config (folders, ports, names), templates (deploy/'s files
filled in, systemd units read), environment (the units' environment files and secrets),
programs (Debian's programs), services (each process and its readiness), database (PostgreSQL's
set-up), haproxy (the balancer's admin socket), control (the whole cluster, started and stopped
in order) and cli (`python -m bot cluster`). Starting, watching and stopping one process is
bot/tooling/processes.py's, shared with `make run`.
"""

from bot.tooling.cluster.cli import add_arguments, run
from bot.tooling.cluster.config import (
    CONVERSATIONS_DB,
    CURRENT_MODEL,
    KNOWLEDGE_DB,
    LOCAL,
    ClusterConfig,
    scratch_root,
)
from bot.tooling.cluster.control import Cluster
from bot.tooling.cluster.database import open_the_way
from bot.tooling.cluster.environment import ENV_FILES
from bot.tooling.cluster.programs import missing_packages, postgres_tool
from bot.tooling.cluster.templates import self_signed_certificate, write_file

__all__ = [
    "CONVERSATIONS_DB",
    "CURRENT_MODEL",
    "ENV_FILES",
    "KNOWLEDGE_DB",
    "LOCAL",
    "Cluster",
    "ClusterConfig",
    "add_arguments",
    "missing_packages",
    "open_the_way",
    "postgres_tool",
    "run",
    "scratch_root",
    "self_signed_certificate",
    "write_file",
]
