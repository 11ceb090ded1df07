#!/usr/bin/env bash
# The size benchmark, in one command: 1M people with a long tail of tasks, each request another
# person of a 10,000-person sample. Checks the disk, seeds an empty database (indexes built
# after the load), prints every table's and index's size, times the operators' commands under
# load, measures warm (2 and 16 connections, against the bare template) and cold (after
# restarting PostgreSQL with the OS cache dropped), then prints the plans' buffers.
#
#   bench/scale.sh                            # 1M people, median 7 tasks: about 16M tasks
#   MEDIAN=50 bench/scale.sh                  # the seed's own shape: about 115M tasks (needs ~170 GB)
#   KEEP=1 bench/scale.sh                     # keep the data afterwards (else cleanup_demo)
#
# Uses the embedded database (the cold run restarts it); with DATABASE_URL set it measures
# warm only. Needs wrk (apt-get install wrk). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-1000000}
MEDIAN=${MEDIAN:-7}
HEAVY_USERS=${HEAVY_USERS:-10}
HEAVY_TASKS=${HEAVY_TASKS:-50000}
SAMPLE=${SAMPLE:-10000}
WORKERS=${WORKERS:-2}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
COLD_MINUTES=${COLD_MINUTES:-3}
# Measured at 16M tasks (docs/PERFORMANCE.md, "1M people"): the database, every index
# included; and room for the WAL (max_wal_size) and a backup.
BYTES_PER_TASK=${BYTES_PER_TASK:-1300}
PASSWORD="bench password"
PY=.venv/bin/python
PEOPLE=.data/bench/people.lua

export DEBUG=false SECRET_KEY=bench-only-secret-key-bench-only-secret-key ALLOWED_HOSTS=127.0.0.1
export MFA_ENCRYPTION_KEYS=YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0wMDAwMDA=
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING
export API_REQUESTS_PER_MINUTE=1000000000
# The production cache (README, "Deploying"): Redis, when one answers on loopback (database 14;
# the tests use 15). Without it the database's cache table counts its rows on every write.
if [ -z "${CACHE_URL:-}" ] && command -v redis-cli >/dev/null && redis-cli -n 14 ping >/dev/null 2>&1; then
  export CACHE_URL=redis://127.0.0.1:6379/14
  redis-cli -n 14 flushdb >/dev/null
fi

serve() {
  .venv/bin/gunicorn todo_project.wsgi --bind 127.0.0.1:8100 --workers "$WORKERS" --log-level warning --daemon --pid .data/bench/app.pid
  .venv/bin/gunicorn bench.bare:application --bind 127.0.0.1:8101 --workers "$WORKERS" --log-level warning --daemon --pid .data/bench/bare.pid
  sleep 3
}
stop() {
  for pid in .data/bench/app.pid .data/bench/bare.pid; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
  done
  sleep 2
}
# Cold: stop the app and PostgreSQL, drop the OS page cache (root only), start both again.
restart() {
  stop
  DEBUG=true make -s db-stop
  sync
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(the OS page cache could not be dropped: not root)" >&2
  DEBUG=true $PY manage.py check -v0 --database default >/dev/null 2>&1  # starts the embedded server
  serve
}
if [ "${1:-}" = restart ]; then
  restart
  exit 0
fi

make -s install
DEBUG=true $PY manage.py migrate -v0
have=$($PY manage.py shell --no-imports -v 0 -c "from accounts.models import User; print(User.objects.filter(email__endswith='@demo.todo.invalid').count())")
if [ "$have" != "$USERS" ]; then
  # The disk: the load's bytes, 12 GB of WAL and backup room, and a fifth of the disk to spare.
  tasks=$($PY -c "import math; print(int($USERS * $MEDIAN * math.exp((math.log(20) / 2.326) ** 2 / 2) + $HEAVY_USERS * $HEAVY_TASKS))")
  need=$(( tasks * BYTES_PER_TASK + 12 * 1024 ** 3 ))
  read -r size avail < <(df -B1 --output=size,avail . | tail -1)
  echo "About $tasks tasks: needs $(( need / 1024 ** 3 )) GB; $(( avail / 1024 ** 3 )) GB free of $(( size / 1024 ** 3 ))."
  if (( avail - need < size / 5 )); then
    echo "Not enough disk to keep a fifth of it free: lower MEDIAN or USERS." >&2
    exit 1
  fi
  DEBUG=true $PY manage.py cleanup_demo
  empty=$($PY manage.py shell --no-imports -v 0 -c "
from todo_project.operations import staff_connection
with staff_connection() as conn: print(conn.execute('SELECT NOT EXISTS (SELECT FROM tasks)').fetchone()[0])")
  DEBUG=true $PY manage.py seed_demo --users "$USERS" --tasks-per-user "$MEDIAN" --heavy-users "$HEAVY_USERS" \
    --heavy-tasks "$HEAVY_TASKS" --password "$PASSWORD" $([ "$empty" = True ] && echo --bulk)
fi
if [ -z "${DATABASE_URL:-}" ]; then
  $PY manage.py shell --no-imports -v 0 -c "
import psycopg
from todo_project.operations import admin_url
with psycopg.connect(admin_url(), autocommit=True) as conn:
    conn.execute('VACUUM ANALYZE')
    conn.execute('CHECKPOINT')
"
fi
$PY manage.py shell --no-imports -v 0 < bench/sizes.py
$PY -m bench.people --sample "$SAMPLE" --out "$PEOPLE"
# A typical person for the changes: the median of the sample who has at least ten tasks.
typical=$($PY manage.py shell --no-imports -v 0 -c "
from todo_project.operations import staff_connection
with staff_connection() as conn:
    print(conn.execute(
        'SELECT u.email FROM users u JOIN task_counts c ON c.user_id = u.id WHERE u.email LIKE %s'
        ' AND c.active + c.completed BETWEEN 10 AND 60 ORDER BY c.user_id LIMIT 1', ['%@demo.todo.invalid']).fetchone()[0])")
# Their read-and-write API token, for the API's create and complete.
write_token=$($PY manage.py shell --no-imports -v 0 -c "
from accounts.models import User
from api import actions
from api.models import Token
from todo_project.rls import user_context
person = User.objects.get(email='$typical')
with user_context(person.pk):
    Token.objects.filter(user=person, name='bench writes').delete()
    print(actions.create_token(person, name='bench writes', scope='write')[1])
")
$PY manage.py collectstatic --noinput -v0

trap stop EXIT
serve

restart=()
# The database's restart and a schema change on it: the embedded database only, ours to change.
[ -z "${DATABASE_URL:-}" ] && restart=(--restart "bench/scale.sh restart" --schema-change)
# SKIP_COMMANDS=1: not the operators' commands under load (archive_tasks takes ten minutes at 16M).
commands=(--operations)
[ -n "${SKIP_COMMANDS:-}" ] && commands=()
echo "$USERS people; a sample of $SAMPLE; gunicorn: $WORKERS sync workers; cache: ${CACHE_URL:-the database}; typical for changes: $typical"
$PY -u -m bench.scale --people "$PEOPLE" --typical "$typical" --password "$PASSWORD" --seconds "$SECONDS_PER_RUN" \
  --write-token "$write_token" \
  --cold-minutes "$COLD_MINUTES" "${commands[@]}" "${restart[@]}"
# The buffers a page's statements touch, and read from disk, for people outside the sample:
# cold (just after a restart), then warm (the same people again).
[ -z "${DATABASE_URL:-}" ] && restart
$PY manage.py shell --no-imports -v 0 < bench/buffers.py

if [ -z "${KEEP:-}" ]; then
  stop
  DEBUG=true $PY manage.py cleanup_demo
  [ -z "${DATABASE_URL:-}" ] && $PY manage.py shell --no-imports -v 0 -c "
import psycopg
from todo_project.operations import admin_url
with psycopg.connect(admin_url(), autocommit=True) as conn:
    conn.execute('VACUUM FULL')
"
fi
