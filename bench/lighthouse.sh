#!/usr/bin/env bash
# Lighthouse on the pages a person opens every day, as docs/LIGHTHOUSE.md reports them: a
# person with 300 tasks (bench/lighthouse_person.py), the app in production settings under
# gunicorn on loopback, each page with the mobile preset (Lighthouse's default: slow 4G, a 4x
# slower CPU, both simulated) and the desktop one. Prints one table; the reports are in $OUT.
#
#   bench/lighthouse.sh                          # Today, Upcoming, a project, the list
#   RUNS=3 bench/lighthouse.sh                   # the median of three runs per page and preset
#   PAGES="upcoming" PRESETS=mobile bench/lighthouse.sh
#   THROTTLING=devtools bench/lighthouse.sh      # throttle for real instead of simulating: the
#                                                # page paints before its script has arrived
#
# Needs Node (npx fetches Lighthouse into npm's cache, not into the checkout) and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8231}
RUNS=${RUNS:-1}
PAGES=${PAGES:-today upcoming project list}
PRESETS=${PRESETS:-mobile desktop}
THROTTLING=${THROTTLING:-simulate}
OUT=${OUT:-$(mktemp -d)}
LIGHTHOUSE=${LIGHTHOUSE:-npx --yes lighthouse@12.2.3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PY=.venv/bin/python
BASE="http://127.0.0.1:$PORT"

export DEBUG=false SECRET_KEY=lighthouse-only-secret-key-lighthouse-only-secret ALLOWED_HOSTS=127.0.0.1
export MFA_ENCRYPTION_KEYS=YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0wMDAwMDA=
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING

$PY manage.py migrate -v0
$PY manage.py collectstatic --noinput -v0
email=$($PY manage.py shell --no-imports -v 0 < bench/lighthouse_person.py)
.venv/bin/gunicorn todo_project.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
sleep 3

# Signed in as the person: the session cookie goes with every request Lighthouse makes.
cookie=$($PY bench/lighthouse_table.py sign-in "$BASE" "$email" "lighthouse password")
printf '{"Cookie": "%s"}' "$cookie" > "$OUT/headers.json"
project=$($PY bench/lighthouse_table.py first-project "$BASE" "$cookie")

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for name in $PAGES; do
  case $name in
    today) path=/today/ ;; upcoming) path=/upcoming/ ;; project) path=$project ;; list) path=/ ;;
  esac
  for preset in $PRESETS; do
    for run in $(seq "$RUNS"); do
      extra=()
      [ "$preset" = desktop ] && extra=(--preset=desktop)
      $LIGHTHOUSE "$BASE$path" "${extra[@]}" --throttling-method="$THROTTLING" --extra-headers="$OUT/headers.json" \
        --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$FLAGS" \
        --output=json --output=html --output-path="$OUT/$name-$preset-$run" --quiet
    done
  done
done
echo "tasks: 300 ($email); reports in $OUT"
$PY bench/lighthouse_table.py table "$OUT"
