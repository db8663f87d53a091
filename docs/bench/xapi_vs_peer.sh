#!/usr/bin/env bash
# Ours, then wagtail-lms 0.11.1, back to back: same load generator (lib/loadgen.py), same
# learners, statements and duration, gunicorn with the same worker count, the same DB kind.
# Usage (from the repository root):
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/xapi_ours \
#   PEER_DATABASE_URL=postgres://postgres@127.0.0.1:5432/xapi_peer \
#   LEARNERS=50 BENCH_SECONDS=20 WORKERS=2 docs/bench/xapi_vs_peer.sh
# Both unset: SQLite for both. Needs docs/bench/peer/setup.sh run once (PEER_VENV).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LEARNERS="${LEARNERS:-50}"
BENCH_SECONDS="${BENCH_SECONDS:-20}"
WORKERS="${WORKERS:-2}"
PORT_OURS="${PORT_OURS:-8771}"
PORT_PEER="${PORT_PEER:-8772}"
PEER_VENV="${PEER_VENV:-/work/peer/.venv}"
BATCH="${BATCH:-3}"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=config.settings.base
export PORT="$PORT_OURS" SITE_URL="http://127.0.0.1:$PORT_OURS"
export SECRET_KEY="${SECRET_KEY:-bench-only-$(printf 'k%.0s' $(seq 1 50))}"

serve() { # folder, python venv, wsgi module, port, extra env...
    local dir="$1" venv="$2" app="$3" port="$4"; shift 4
    (cd "$dir" && env "$@" "$venv/bin/gunicorn" "$app" --workers "$WORKERS" \
        --bind "127.0.0.1:$port" --log-level warning) &
    SERVER=$!
    for _ in $(seq 1 120); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.5
    done
    echo "server on $port did not start" >&2; return 1
}

echo "== ours (batch of $BATCH statements per request), $LEARNERS learners, ${BENCH_SECONDS}s, $WORKERS workers"
.venv/bin/python manage.py migrate --noinput -v0
serve "$ROOT" "$ROOT/.venv" config.wsgi "$PORT_OURS"
.venv/bin/python manage.py bench_xapi --url "http://127.0.0.1:$PORT_OURS" \
    --learners "$LEARNERS" --seconds "$BENCH_SECONDS" --batch "$BATCH" || true
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
uptime

echo "== wagtail-lms 0.11.1 (one statement per request: its endpoint takes one), same load"
PEER_ENV=(DJANGO_SETTINGS_MODULE=settings)
if [ -n "${PEER_DATABASE_URL:-}" ]; then PEER_ENV+=(DATABASE_URL="$PEER_DATABASE_URL"); else PEER_ENV+=(DATABASE_URL=); fi
serve "$ROOT/docs/bench/peer" "$PEER_VENV" wsgi:application "$PORT_PEER" "${PEER_ENV[@]}"
PLAN="$(mktemp)"
(cd docs/bench/peer && env "${PEER_ENV[@]}" "$PEER_VENV/bin/python" prepare.py \
    "http://127.0.0.1:$PORT_PEER" "$LEARNERS" "$PLAN")
.venv/bin/python lib/loadgen.py --plan "$PLAN" --seconds "$BENCH_SECONDS" || true
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
rm -f "$PLAN"
uptime
