#!/usr/bin/env bash
# `make run`: the demo on http://127.0.0.1:$PORT with the task worker beside it, so emails
# (invitations, sign-in, notifications) really go out: to the console, as DEBUG sets the backend.
# Every absolute link in an email comes from SITE_URL, set here from the port (issue 21).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
export DEBUG=1 DEMO_MODE=1

"$PY" manage.py migrate --no-input
"$PY" manage.py seed_demo

"$PY" manage.py db_worker &
worker=$!
"$PY" manage.py runserver "127.0.0.1:$PORT" &
web=$!

stop() {
  kill -TERM "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

set +e
wait -n "$web" "$worker"
status=$?
echo "make run: the server or the task worker stopped (exit $status); stopping the other" >&2
stop
exit "$status"
