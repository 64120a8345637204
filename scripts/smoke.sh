#!/usr/bin/env bash
# The production smoke test (scripts/smoke_test.py): `make serve` on a fresh PostgreSQL database.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/smoke_test.py "$@"
