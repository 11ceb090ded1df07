#!/usr/bin/env bash
# The benchmark, in one command: seed (unless the demo data is there), serve with gunicorn in
# production settings as the app role with RLS on, load from loopback, print one table.
#
#   bench/run.sh                      # 100,000 users, ~10M tasks
#   USERS=10000 bench/run.sh          # ~1M tasks
#   PGBOUNCER=1 bench/run.sh          # the app through PgBouncer in transaction mode
#
# Needs wrk (apt-get install wrk), and pgbouncer for PGBOUNCER=1. Uses the embedded database unless DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-100000}
# The median person: 43 tasks (the long tail makes the mean about 100).
TASKS_PER_USER=${TASKS_PER_USER:-43}
HEAVY_USERS=${HEAVY_USERS:-5}
HEAVY_TASKS=${HEAVY_TASKS:-20000}
WORKERS=${WORKERS:-2}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
PASSWORD="bench password"
PY=.venv/bin/python

export DEBUG=false SECRET_KEY=bench-only-secret-key-bench-only-secret-key ALLOWED_HOSTS=127.0.0.1
export MFA_ENCRYPTION_KEYS=YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0wMDAwMDA=
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING

make -s install
$PY manage.py migrate -v0
have=$($PY manage.py shell --no-imports -v 0 -c "from accounts.models import User; print(User.objects.filter(email__endswith='@demo.todo.invalid').count())")
if [ "$have" != "$USERS" ]; then
  $PY manage.py cleanup_demo
  $PY manage.py seed_demo --users "$USERS" --tasks-per-user "$TASKS_PER_USER" \
    --heavy-users "$HEAVY_USERS" --heavy-tasks "$HEAVY_TASKS" --password "$PASSWORD"
fi
# Index-only scans need the visibility map that VACUUM writes; autovacuum would get there.
# The checkpoint writes out what the load dirtied, which would otherwise be flushed during
# the first measurements.
if [ -z "${DATABASE_URL:-}" ]; then
  $PY manage.py shell --no-imports -v 0 -c "
import psycopg
from todo_project.operations import admin_url
with psycopg.connect(admin_url(), autocommit=True) as conn:
    conn.execute('VACUUM ANALYZE')
    conn.execute('CHECKPOINT')
"
fi
read -r heavy typical < <($PY manage.py shell --no-imports -v 0 < bench/pick_users.py)
tasks=$($PY manage.py shell --no-imports -v 0 -c "from todo_project.operations import estimated_rows; print(estimated_rows('tasks'))")
$PY manage.py collectstatic --noinput -v0
# The typical person's API token (a new one each run), and no rate limit on it for the load.
api_token=$($PY manage.py shell --no-imports -v 0 -c "
from accounts.models import User
from api import actions
from api.models import Token
from todo_project.rls import user_context
person = User.objects.get(email='$typical')
with user_context(person.pk):
    Token.objects.filter(user=person, name='bench').delete()
    print(actions.create_token(person, name='bench', scope='read')[1])
")
export API_REQUESTS_PER_MINUTE=1000000000

pooler=""
if [ -n "${PGBOUNCER:-}" ]; then
  # The app's and the staff role's connections go through PgBouncer (loopback only).
  port=${PGBOUNCER_PORT:-6439}
  name=$($PY manage.py shell --no-imports -v 0 -c "from django.conf import settings; print(settings.DATABASES['default']['NAME'])")
  $PY bench/pgbouncer.py "$port" "$WORKERS" &
  pooler=$!
  sleep 2
  kill -0 "$pooler" || { echo "pgbouncer did not start" >&2; exit 1; }
  export DATABASE_URL="postgres://todo_app@127.0.0.1:$port/$name"
  export DATABASE_STAFF_URL="postgres://todo_staff@127.0.0.1:$port/${name}_staff"
fi
.venv/bin/gunicorn todo_project.wsgi --bind 127.0.0.1:8100 --workers "$WORKERS" --log-level warning &
app=$!
.venv/bin/gunicorn bench.bare:application --bind 127.0.0.1:8101 --workers "$WORKERS" --log-level warning &
bare=$!
trap 'kill $app $bare $pooler 2>/dev/null || true' EXIT
sleep 3

echo "tasks: ~$tasks; gunicorn: $WORKERS sync workers${pooler:+ through PgBouncer}; typical: $typical; heavy: $heavy"
$PY -m bench.measure --app http://127.0.0.1:8100 --bare http://127.0.0.1:8101 \
  --typical "$typical" --heavy "$heavy" --password "$PASSWORD" --seconds "$SECONDS_PER_RUN" --api-token "$api_token"
