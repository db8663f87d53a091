#!/usr/bin/env bash
# Install wagtail-lms 0.11.1 in its own virtualenv (never ours) and migrate its database.
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/xapi_peer docs/bench/peer/setup.sh [PEER_VENV]
# Without DATABASE_URL the peer uses SQLite (docs/bench/peer/peer.sqlite3).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${1:-${PEER_VENV:-/work/peer/.venv}}"
test -x "$VENV/bin/python" || python3 -m venv "$VENV"
# Same Django, Wagtail, driver and server versions as ours (requirements.txt).
"$VENV/bin/pip" install --quiet "wagtail-lms==0.11.1" "Django==5.2.19" "wagtail==8.0.1" \
    "psycopg[binary]==3.3.9" "gunicorn==27.0.1"
cd "$HERE"
"$VENV/bin/python" manage.py migrate --noinput -v0
echo "peer ready: $VENV"
