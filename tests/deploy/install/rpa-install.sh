#!/bin/bash
# deploy/README.md's steps 1 and 3-10, as root at boot under real systemd, then the checks;
# everything it prints goes to /root/rpa-install.out. The checkout (/srv/rpa/app, with its
# .venv and models) is mounted read-only; the packages come from Debian's archive.
set -u
exec > /root/rpa-install.out 2>&1
cd /srv/rpa/app   # `python -m bot` runs from the checkout (deploy/README.md)
step() { echo "== $*"; }
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; fi; }
E="--env-file /etc/rpa/conf/rpa.env --env-file /etc/rpa/conf/local.env --env-file /etc/rpa/conf/secrets.env"
BOT="runuser -u rpa -- /srv/rpa/app/.venv/bin/python -W ignore -m bot"

step 1 user
adduser --system --group --home /srv/rpa --shell /usr/sbin/nologin rpa
systemctl disable --now redis-server

step 3 configuration
/srv/rpa/app/.venv/bin/python -W ignore -m bot cluster config --root /etc/rpa --certificate /etc/haproxy/rpa.pem
chgrp rpa /etc/rpa/conf/*.env && chmod 640 /etc/rpa/conf/*.env
sed -i -e 's|^RPA_PUBLIC_URL=.*|RPA_PUBLIC_URL=https://localhost|' \
       -e 's|^RPA_CORS_ORIGINS=.*|RPA_CORS_ORIGINS=https://localhost https://intranet.example.org|' \
       -e 's|^# RPA_DATABASE_URL=|RPA_DATABASE_URL=|' -e 's|^# RPA_TRACKER_URL=|RPA_TRACKER_URL=|' /etc/rpa/conf/local.env
echo "RPA_REST_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))' 2>/dev/null || head -c 32 /dev/urandom | base64 | tr -d '=+/')" >> /etc/rpa/conf/secrets.env
printf "RPA_TRAINER_PASSWORD_HASH='%s'\n" "$(echo 'the install test trainer password' | $BOT trainer-password)" >> /etc/rpa/conf/secrets.env

step 4 postgresql
sed -e '/^port/d' -e '/^unix_socket_/d' /etc/rpa/conf/postgresql.conf > "$(ls -d /etc/postgresql/*/main)/conf.d/rpa.conf"
systemctl restart postgresql
/srv/rpa/app/.venv/bin/python -W ignore -m bot cluster init-sql --root /etc/rpa | runuser -u postgres -- psql -v ON_ERROR_STOP=1 --quiet
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

step wait for both instances behind the balancer
for i in $(seq 120); do
  up=$(echo "show stat" | socat - /run/rpa-haproxy/admin.sock 2>/dev/null | grep -c '^rasa,rasa_.*,UP,')
  [ "$up" = 2 ] && break; sleep 5
done
echo "rasa instances UP: $up after $((i * 5)) s"
chat() { curl -sk -X POST https://localhost/chat/webhook -H 'Content-Type: application/json' -H 'Origin: https://localhost' -d "{\"sender\":\"$1\",\"message\":\"$2\"}"; }
check "chat through HAProxy" "chat 0123456789abcdef0123456789abcdef hello | grep -q text"
check "chat from the second CORS origin" "curl -sk -X POST https://localhost/chat/webhook -H 'Content-Type: application/json' -H 'Origin: https://intranet.example.org' -d '{\"sender\":\"1123456789abcdef0123456789abcdef\",\"message\":\"hello\"}' | grep -q text"
check "http redirected" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' http://localhost/chat/)\" = 301 ]"
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
sleep 8; check "rpa-rasa@5011 restarted by systemd" "[ \"\$(systemctl show -p NRestarts --value rpa-rasa@5011)\" -ge 1 ]"

step 9 backups
install -d -o rpa -g rpa -m 700 /var/backups/rpa
systemctl enable --now rpa-backup.timer
systemctl start rpa-backup.service
check "backup written as rpa, mode 600" "stat -c '%U %a' /var/backups/rpa/knowledge-*.dump | grep -q '^rpa 600'"
check "timer scheduled" "systemctl list-timers rpa-backup.timer --no-pager | grep -q rpa-backup"
check "restore" "$BOT $E backup restore \$(ls /var/backups/rpa/knowledge-*.dump | head -1) --yes"
check "chat after restore" "chat 2123456789abcdef0123456789abcdef hello | grep -q text"

step journal errors
journalctl -b -p err --no-pager | grep -v 'kernel' | tail -15
systemctl --failed --no-pager
echo "== done"
systemctl poweroff
