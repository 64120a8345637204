#!/usr/bin/env bash
# `make serve`: OpenQI's production configuration on one machine (docs/deployment.md).
# Refuses unsafe settings (manage.py check --deploy), collects the hashed static files, migrates,
# then runs gunicorn and the task worker side by side; if either stops, both stop.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PORT="${PORT:-8000}"

"$PY" manage.py check --deploy --fail-level ERROR
"$PY" manage.py collectstatic --no-input --verbosity 0
"$PY" manage.py migrate --no-input --verbosity 1

"$PY" manage.py db_worker &
worker=$!
.venv/bin/gunicorn --config gunicorn.conf.py openqi.wsgi &
web=$!

stop() {
  kill -TERM "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

set +e
wait -n "$web" "$worker"
status=$?
echo "make serve: gunicorn or the task worker stopped (exit $status); stopping the other" >&2
stop
exit "$status"
