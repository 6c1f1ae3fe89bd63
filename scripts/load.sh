#!/usr/bin/env bash
# make load: gunicorn on loopback, locust headless against it, then verify_audit.
#   LOAD_USERS (default 20), LOAD_TIME (default 5m), LOAD_PORT (default 8765),
#   LOAD_WORKERS (gunicorn workers, default 2).
# Traffic goes to 127.0.0.1 only; the run stops itself after LOAD_TIME.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
USERS="${LOAD_USERS:-20}"
TIME="${LOAD_TIME:-5m}"
PORT="${LOAD_PORT:-8765}"
WORKERS="${LOAD_WORKERS:-2}"
OUT=var/load
mkdir -p "$OUT"

DJANGO_SETTINGS_MODULE=config.settings.dev $PY manage.py migrate --noinput >/dev/null
DJANGO_SETTINGS_MODULE=config.settings.dev $PY manage.py demo_data >/dev/null
DJANGO_SETTINGS_MODULE=config.settings.dev $PY manage.py load_accounts --each "$USERS"
COUNT="from audit.models import AuditEvent; from sharing.models import Decision; \
print(AuditEvent.objects.count(), Decision.objects.filter(status='submitted').count())"
read -r events_before submitted_before < <(DJANGO_SETTINGS_MODULE=config.settings.dev \
  $PY manage.py shell --verbosity 0 -c "$COUNT" | tail -n1)

DJANGO_SETTINGS_MODULE=config.settings.load GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY="$WORKERS" \
  .venv/bin/gunicorn config.wsgi --access-logfile "$OUT/access.log" --pid "$OUT/gunicorn.pid" \
  >"$OUT/gunicorn.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/accounts/login/', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 1
done

echo "Load: $USERS people for $TIME against gunicorn ($WORKERS workers) on 127.0.0.1:$PORT"
.venv/bin/locust -f bench/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "$USERS" --spawn-rate 2 --run-time "$TIME" --stop-timeout 10 \
  --csv "$OUT/result" --only-summary --loglevel WARNING || true

kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT

$PY scripts/load_summary.py "$OUT/result_stats.csv" "$OUT/result_failures.csv"
read -r events_after submitted_after < <(DJANGO_SETTINGS_MODULE=config.settings.dev \
  $PY manage.py shell --verbosity 0 -c "$COUNT" | tail -n1)
echo "Decisions submitted during the run: $((submitted_after - submitted_before))"
echo "Audit events written during the run: $((events_after - events_before))"
grep -c ' 500 ' "$OUT/access.log" | sed 's/^/Responses with status 500 in the access log: /' || true
DJANGO_SETTINGS_MODULE=config.settings.dev $PY manage.py verify_audit
