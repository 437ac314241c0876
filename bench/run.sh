#!/usr/bin/env bash
# Seed N tickets, serve Loket (2 gunicorn workers, DEBUG off) on a free loopback port,
# run the peer harness's bench.py against it with bench/loket_adapter.py, stop the server.
#
#   bench/run.sh sqlite 100000
#   bench/run.sh postgres 100000
#
#   DURATION     seconds per operation                     15
#   CONCURRENCY  concurrent clients                        8
#   OPS          operations      create,list,get,get_ticket,comment,search,lookup
#   STATE        seeds, targets, logs                      /tmp/loket-bench
#   PEER         the peer harness (bench.py, corpus.py)    ../shared/peers/django-helpdesk
#   PG_URL       PostgreSQL server
#   PG_DB        its database, dropped and re-created      loket_bench
#   SKIP_SEED=1  reuse the last seeded database and target (benchmark writes stay in it)
#   RUN_TIMEOUT  hard limit for the bench.py run, seconds  1800
#   RESULTS      the results file             bench/results/loket-<db>-<N>.json
# Results: $RESULTS (and the run's log under $STATE).
set -euo pipefail
DB=${1:-sqlite}
N=${2:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
PY="$REPO/.venv/bin/python"
PEER=${PEER:-$(cd "$REPO/../shared/peers/django-helpdesk" && pwd)}
STATE=${STATE:-/tmp/loket-bench}
DURATION=${DURATION:-15}
CONCURRENCY=${CONCURRENCY:-8}
OPS=${OPS:-create,list,get,get_ticket,comment,search,lookup}
PG_SERVER=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=${PG_DB:-loket_bench}
mkdir -p "$STATE/logs" "$HERE/results"
TARGET="$STATE/target-$DB-$N.json"

case "$DB" in
  sqlite) DATABASE_URL="sqlite:///$STATE/loket-$N.sqlite3" ;;
  postgres) DATABASE_URL="$PG_SERVER/$PG_DB" ;;
  *) echo "usage: $0 sqlite|postgres [N]" >&2; exit 2 ;;
esac
export DATABASE_URL
export SECRET_KEY=${SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(40))')}
export LOKET_VAR_DIR="$STATE/var" DEBUG=0

pg() {  # run SQL on the server's maintenance database
  "$PY" - "$PG_SERVER/postgres" "$@" <<'EOF'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    for sql in sys.argv[2:]:
        cursor = conn.execute(sql)
        if cursor.description:
            print(cursor.fetchone()[0])
EOF
}

# --- seed -------------------------------------------------------------------------
if [ "${SKIP_SEED:-0}" != 1 ] || [ ! -f "$TARGET" ]; then
  if [ "$DB" = postgres ]; then
    pg "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" "CREATE DATABASE $PG_DB"
  else
    rm -f "$STATE/loket-$N.sqlite3" "$STATE/loket-$N.sqlite3-"*
  fi
  "$PY" "$HERE/seed.py" --tickets "$N" --corpus "$PEER/corpus.py" --target "$TARGET" |
    tee "$STATE/logs/seed-$DB-$N.log"
fi

# --- serve ------------------------------------------------------------------------
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$REPO/.venv/bin/loket" serve --host 127.0.0.1 --port "$PORT" --workers 2 \
  > "$STATE/logs/serve-$DB-$N.log" 2>&1 &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; true; }
trap stop EXIT
for _ in $(seq 120); do
  if "$PY" -c "import sys,urllib.request as u; u.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$PORT/api/v1/health" 2>/dev/null; then break; fi
  kill -0 "$SERVER" 2>/dev/null || { echo "server died; see $STATE/logs/serve-$DB-$N.log" >&2; exit 1; }
  sleep 0.5
done

DB_PID=()
if [ "$DB" = postgres ]; then
  DATA_DIR=$(pg "SHOW data_directory")
  if [ -r "$DATA_DIR/postmaster.pid" ]; then DB_PID=(--db-pid "$(head -1 "$DATA_DIR/postmaster.pid")"); fi
fi

# --- measure ----------------------------------------------------------------------
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC') loket $DB N=$N port $PORT pid $SERVER"
PYTHONPATH="$HERE" timeout "${RUN_TIMEOUT:-1800}" "$PY" "$PEER/bench.py" \
  --adapter loket_adapter:Loket --target "$TARGET" --base-url "http://127.0.0.1:$PORT" \
  --server-pid "$SERVER" "${DB_PID[@]}" --concurrency "$CONCURRENCY" --duration "$DURATION" \
  --ops "$OPS" --json "${RESULTS:-$HERE/results/loket-$DB-$N.json}"
