#!/bin/bash
# deploy/README.md's steps 1-10 on Ubuntu 22.04, as root at boot under real systemd, then the
# checks; everything it prints goes to /root/rpa-install.out. Made by tests/deploy/jammy.py:
# the packages of step 1 and the .venv of step 2 are installed (from Ubuntu's archive and
# PyPI, with jammy's python3.10) in the kept root; the checkout is copied to /srv/rpa/app
# (for `git clone`) with the trained model (for the 6 minutes of training).
set -u
exec > /root/rpa-install.out 2>&1
cd /srv/rpa/app   # `python -m bot` runs from the checkout (deploy/README.md)
step() { echo "== $* (+${SECONDS}s)"; }
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; fi; }
E="--env-file /etc/rpa/conf/rpa.env --env-file /etc/rpa/conf/local.env --env-file /etc/rpa/conf/secrets.env"
BOT="runuser -u rpa -- /srv/rpa/app/.venv/bin/python -m bot"
. /etc/os-release; echo "os: $PRETTY_NAME"

step 1 user
adduser --system --group --home /srv/rpa --shell /usr/sbin/nologin rpa
systemctl disable --now redis-server
check "the default Redis is off" "! systemctl is-active --quiet redis-server"

step 2 environment and model
# Run alongside steps 3-6, which need the .venv (made already) but not the model: the same
# commands as in order, in less time on a busy machine; step 7 waits for it.
(runuser -u rpa -- make -C /srv/rpa/app model REQUIREMENTS=requirements.txt PYTHON=/usr/bin/python3.10 > /root/make-model.out 2>&1; echo $? > /root/make-model.rc) &
MAKE_MODEL=$!
check "the .venv runs on Ubuntu's python3.10" "[ \"\$(.venv/bin/python -c 'import sys; print(sys.base_prefix, sys.version_info[:2])')\" = '/usr (3, 10)' ] && dpkg -S /usr/bin/python3.10 | grep -q '^python3.10-minimal:'"
check "runtime dependencies only" "! .venv/bin/python -c 'import pytest' 2>/dev/null && ! [ -e .venv/bin/ruff ]"

step 3 configuration
/srv/rpa/app/.venv/bin/python -m bot cluster config --root /etc/rpa --certificate /etc/haproxy/rpa.pem
chgrp rpa /etc/rpa/conf/*.env && chmod 640 /etc/rpa/conf/*.env
sed -i -e 's|^RPA_PUBLIC_URL=.*|RPA_PUBLIC_URL=https://localhost|' \
       -e 's|^RPA_CORS_ORIGINS=.*|RPA_CORS_ORIGINS=https://localhost https://intranet.example.org|' \
       -e 's|^# RPA_DATABASE_URL=|RPA_DATABASE_URL=|' -e 's|^# RPA_TRACKER_URL=|RPA_TRACKER_URL=|' /etc/rpa/conf/local.env
echo "RPA_REST_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" >> /etc/rpa/conf/secrets.env
printf "RPA_TRAINER_PASSWORD_HASH='%s'\n" "$(echo 'the install test trainer password' | $BOT trainer-password)" >> /etc/rpa/conf/secrets.env

step 4 postgresql
sed -e '/^port/d' -e '/^unix_socket_/d' /etc/rpa/conf/postgresql.conf > "$(ls -d /etc/postgresql/*/main)/conf.d/rpa.conf"
systemctl restart postgresql
/srv/rpa/app/.venv/bin/python -m bot cluster init-sql --root /etc/rpa | runuser -u postgres -- psql -v ON_ERROR_STOP=1 --quiet
check "no password on a command line" "! grep -q PGPASSWORD /root/.bash_history 2>/dev/null"

step 5 redis
install -o redis -g redis -m 640 /etc/rpa/conf/redis.conf /etc/redis/redis-rpa.conf
systemctl enable --now redis-server@rpa
check "redis-server@rpa active" "systemctl is-active --quiet redis-server@rpa"

step 6 tables, knowledge, gates
$BOT $E db create | tail -3
$BOT $E knowledge load | tail -1
$BOT $E knowledge check --release > /dev/null; echo "knowledge check --release exit $? (the go-live gate; content is not confirmed yet)"
check "deployment check passes" "$BOT $E deployment check"

step 2 done
wait $MAKE_MODEL
check "make model as rpa" "[ \"\$(cat /root/make-model.rc)\" = 0 ]"
tail -3 /root/make-model.out
check "the model up to date, linked" "grep -q 'model up to date' /root/make-model.out && [ -L models/current.tar.gz ]"

step 7 servers
cp /etc/rpa/conf/systemd/rpa-*.service /etc/rpa/conf/systemd/rpa-backup.timer /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now rpa-actions@5061 rpa-actions@5062 rpa-rasa@5011 rpa-rasa@5012
check "mode in the journal" "journalctl -u rpa-rasa@5011 | grep -q 'Mode: production'"

step 8 haproxy
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout /tmp/key.pem -out /tmp/cert.pem 2>/dev/null
cat /tmp/cert.pem /tmp/key.pem > /etc/haproxy/rpa.pem && chmod 600 /etc/haproxy/rpa.pem
install -D -m 644 /etc/rpa/conf/systemd/haproxy.service.d/rpa.conf /etc/systemd/system/haproxy.service.d/rpa.conf
install -m 644 /etc/rpa/conf/haproxy.cfg /etc/haproxy/haproxy.cfg
haproxy -c -f /etc/haproxy/haproxy.cfg
systemctl daemon-reload && systemctl restart haproxy

step the proxy under systemd
check "haproxy active" "systemctl is-active --quiet haproxy"
echo "runtime dir: $(stat -c '%U %a %n' /run/rpa-haproxy)"
echo "socket: $(stat -c '%U %a %F %n' /run/rpa-haproxy/admin.sock)"
for pid in $(pgrep -x haproxy); do echo "haproxy pid $pid user $(ps -o user= -p $pid) root $(readlink /proc/$pid/root)"; done
in_chroot() {  # every worker as haproxy, rooted in /var/lib/haproxy
  local pid; for pid in $(pgrep -u haproxy -x haproxy); do [ "$(readlink /proc/$pid/root)" = /var/lib/haproxy ] || return 1; done
  pgrep -u haproxy -x haproxy >/dev/null
}
check "haproxy works as haproxy in its chroot" in_chroot
check "admin socket root-only in /run" "[ \"\$(stat -c '%U %a %F' /run/rpa-haproxy /run/rpa-haproxy/admin.sock | xargs)\" = 'root 700 directory root 600 socket' ]"

step wait for both instances behind the balancer
for i in $(seq 300); do
  up=$(echo "show stat" | socat - /run/rpa-haproxy/admin.sock 2>/dev/null | grep -c '^rasa,rasa_.*,UP,')
  [ "$up" = 2 ] && break; sleep 1
done
echo "rasa instances UP: $up after $i s"
chat() { curl -sk -X POST https://localhost/chat/webhook -H 'Content-Type: application/json' -H 'Origin: https://localhost' -d "{\"sender\":\"$1\",\"message\":\"$2\"}"; }
check "chat through HAProxy" "chat 0123456789abcdef0123456789abcdef hello | grep -q text"
check "chat from the second CORS origin" "curl -sk -X POST https://localhost/chat/webhook -H 'Content-Type: application/json' -H 'Origin: https://intranet.example.org' -d '{\"sender\":\"1123456789abcdef0123456789abcdef\",\"message\":\"hello\"}' | grep -q text"
check "http redirected" "[ \"\$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://localhost/chat/)\" = '301 https://localhost/chat/' ]"
hsts() { curl -sk -D - -o /dev/null https://localhost/chat/ | tr -d '\r' | grep -qix 'strict-transport-security: max-age=31536000'; }
check "https /chat/ 200 with HSTS" "hsts && [ \"\$(curl -sk -o /dev/null -w '%{http_code}' https://localhost/chat/)\" = 200 ]"
check "REST 404 from outside" "[ \"\$(curl -sk -o /dev/null -w '%{http_code}' -X POST https://localhost/webhooks/rest/webhook -d '{}')\" = 404 ]"
check "REST 401 without the token on the loopback" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:5080/webhooks/rest/webhook -d '{\"sender\":\"x\",\"message\":\"hi\"}')\" = 401 ]"
TOKEN=$(sed -n 's/^RPA_REST_TOKEN=//p' /etc/rpa/conf/secrets.env)
check "REST 200 with the token" "curl -s -X POST http://127.0.0.1:5080/webhooks/rest/webhook -H \"Authorization: Bearer $TOKEN\" -d '{\"sender\":\"rest-1\",\"message\":\"hello\"}' | grep -q text"
curl -sk -D /tmp/login.h -o /dev/null -X POST https://localhost/insights/login -H 'Origin: https://localhost' --data-urlencode 'password=the install test trainer password'
COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p' /tmp/login.h | head -1)
check "trainer cookie Secure" "grep -i '^set-cookie' /tmp/login.h | grep -q Secure"
check "trainer signed in on 5011" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -b \"$COOKIE\" http://127.0.0.1:5011/insights/)\" = 200 ]"
check "trainer signed in on 5012" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -b \"$COOKIE\" http://127.0.0.1:5012/insights/)\" = 200 ]"

step failover
systemctl kill -s KILL rpa-rasa@5011
ok=0; for n in $(seq 8); do chat "$(printf '%032x' $n)" hello | grep -q text && ok=$((ok + 1)); done
echo "turns answered with rpa-rasa@5011 killed: $ok of 8"
for i in $(seq 30); do [ "$(systemctl show -p NRestarts --value rpa-rasa@5011)" -ge 1 ] && break; sleep 1; done
check "rpa-rasa@5011 restarted by systemd" "[ \"\$(systemctl show -p NRestarts --value rpa-rasa@5011)\" -ge 1 ]"

step 9 backups
install -d -o rpa -g rpa -m 700 /var/backups/rpa
systemctl enable --now rpa-backup.timer
systemctl start rpa-backup.service
check "backup written as rpa, mode 600" "stat -c '%U %a' /var/backups/rpa/knowledge-*.dump | grep -q '^rpa 600'"
check "timer scheduled" "systemctl list-timers rpa-backup.timer --no-pager | grep -q rpa-backup"
check "restore" "$BOT $E backup restore \$(ls /var/backups/rpa/knowledge-*.dump | head -1) --yes"
check "chat after restore" "chat 2123456789abcdef0123456789abcdef hello | grep -q text"

step the service logs
echo "DeprecationWarning lines in the units' journal: $(journalctl -b --no-pager -u 'rpa-rasa@*' -u 'rpa-actions@*' -u rpa-backup.service | grep -c DeprecationWarning)"
check "no DeprecationWarning in the services' logs" "! journalctl -b --no-pager -u 'rpa-rasa@*' -u 'rpa-actions@*' -u rpa-backup.service | grep -q DeprecationWarning"
journalctl -b -p err --no-pager | grep -v 'kernel' | tail -15
systemctl --failed --no-pager

step proxy restart and stop
systemctl restart haproxy; sleep 1
check "haproxy restarts" "systemctl is-active --quiet haproxy && [ -S /run/rpa-haproxy/admin.sock ]"
systemctl stop haproxy; sleep 1
check "its runtime dir removed at stop" "[ ! -e /run/rpa-haproxy ]"
echo "== done"
systemctl poweroff
