#!/bin/sh
# Runs once at boot under real systemd: the shipped HAProxy configuration with its drop-in.
sleep 3
{
  echo "is-active: $(systemctl is-active haproxy)"
  echo "runtime dir: $(stat -c '%U %a %n' /run/rpa-haproxy)"
  echo "socket: $(stat -c '%U %a %F %n' /run/rpa-haproxy/admin.sock)"
  for pid in $(pgrep -x haproxy); do echo "haproxy pid $pid user $(ps -o user= -p $pid) root $(readlink /proc/$pid/root)"; done
  echo "https /chat/: $(curl -sk -o /dev/null -w '%{http_code} hsts=%header{strict-transport-security}' https://127.0.0.1/chat/)"
  echo "http /chat/: $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1/chat/)"
  echo "https REST: $(curl -sk -o /dev/null -w '%{http_code}' -X POST https://127.0.0.1/webhooks/rest/webhook)"
  systemctl restart haproxy; sleep 1
  echo "after restart: $(systemctl is-active haproxy) $(stat -c '%n' /run/rpa-haproxy/admin.sock)"
  systemctl stop haproxy; sleep 1
  echo "after stop, runtime dir: $(ls -d /run/rpa-haproxy 2>&1)"
  journalctl -b -u haproxy --no-pager | tail -8
} > /root/rpa-check.out 2>&1
systemctl poweroff
