#!/usr/bin/env bash
# Lighthouse on the pages people open first, in mobile emulation against the local
# Chromium: the home page, an event page, a restaurant page and a ticket page of the
# platform running with demo data. Prints the performance and accessibility scores
# and the bytes each page transferred. Lighthouse comes from npm into the tool cache
# (the 12.x line still runs on Debian's Node 20).
#
#   scripts/lighthouse.sh                 # starts the platform itself
#   LH_PORTAL=http://127.0.0.1:3001 scripts/lighthouse.sh   # against one already running
#   LH_REPORTS=/tmp/lh scripts/lighthouse.sh             # also keeps each page's JSON report
#   LH_RUNS=3 LH_ONLY=restaurant scripts/lighthouse.sh    # one page, the median of three runs
set -euo pipefail
cd "$(dirname "$0")/.."
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"
LIGHTHOUSE_VERSION=12.8.2
TOOLS="${STEPPERSLIFE_TOOLS:-$HOME/.cache/stepperslife/bin}"
lh="$TOOLS/lighthouse/node_modules/.bin/lighthouse"
if [ "$(cat "$TOOLS/lighthouse/VERSION" 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
	rm -rf "$TOOLS/lighthouse"
	npm install --prefix "$TOOLS/lighthouse" --no-audit --no-fund --save-exact "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
	echo "$LIGHTHOUSE_VERSION" >"$TOOLS/lighthouse/VERSION"
fi

work=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

portal="${LH_PORTAL:-}"
if [ -z "$portal" ]; then
	go build -o "$work/stepperslife" ./cmd/stepperslife
	(cd "$work" && DATA_DIR="$work/data" exec "$work/stepperslife" up --demo >"$work/up.log" 2>&1) &
	pid=$!
	for port in 3001 3004 3010; do
		for _ in $(seq 120); do
			curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
			kill -0 "$pid" 2>/dev/null || { cat "$work/up.log"; exit 1; }
			sleep 0.5
		done
	done
	sleep 3
	portal=http://127.0.0.1:3001
fi

# The pages: an event and a restaurant from the demo, and a ticket the demo dancer holds.
event=$(curl -sf "$portal/api/events/events?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
rest=$(curl -sf "$portal/api/restaurants/restaurants?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"dancer@demo.stepperslife.com","password":"steppin-demo-2026"}' \
	"$portal/api/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
ticket=$(curl -sf -H "Authorization: Bearer $token" "$portal/api/events/me/tickets" |
	python3 -c 'import json,sys; items=json.load(sys.stdin)["items"]; print(items[0]["code"] if items else "")')
if [ -z "$ticket" ]; then
	# The demo dancer holds nothing yet: take a free ticket as a dancer would.
	free=$(curl -sf "$portal/api/events/events?limit=50" | python3 -c '
import json, sys, urllib.request
base = sys.argv[1]
for e in json.load(sys.stdin)["items"]:
    full = json.load(urllib.request.urlopen(base + "/api/events/events/" + e["slug"]))
    for t in full.get("tiers", []):
        if t.get("priceCents") == 0 and t.get("onSale", True):
            print(json.dumps({"eventId": full["id"], "items": [{"tierId": t["id"], "quantity": 1}],
                "paymentMethod": "free", "attendee": {"name": "Demo Dancer", "email": "dancer@demo.stepperslife.com"}}))
            sys.exit(0)
' "$portal")
	if [ -n "$free" ]; then
		ticket=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			-H "Idempotency-Key: lighthouse-$(date +%s)" -d "$free" "$portal/api/events/tickets/purchase" |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["tickets"][0]["code"])' || true)
	fi
fi
events_base=$(curl -sf "$portal/api/events/site" | python3 -c 'import json,sys; print(json.load(sys.stdin)["publicUrl"])')

pages=("home $portal/" "event $portal/events/$event" "restaurant $portal/restaurants/$rest")
[ -n "$ticket" ] && pages+=("ticket $events_base/tickets/$ticket")

printf '%-11s %11s %13s %10s\n' page performance accessibility bytes
for entry in "${pages[@]}"; do
	name=${entry%% *}
	url=${entry#* }
	[ -n "${LH_ONLY:-}" ] && [ "$LH_ONLY" != "$name" ] && continue
	for run in $(seq "${LH_RUNS:-1}"); do
		"$lh" "$url" --quiet --chrome-path=/usr/bin/chromium --chrome-flags="--headless=new --no-sandbox" \
			--only-categories=performance,accessibility --output=json --output-path="$work/$name-$run.json" >/dev/null 2>&1 || true
	done
	# On a shared machine one run's score swings with the load: with LH_RUNS > 1 the
	# run of median performance is the one printed (and kept).
	python3 - "$work" "$name" <<'PY'
import glob, json, shutil, sys
work, name = sys.argv[1], sys.argv[2]
runs = []
for f in sorted(glob.glob(f"{work}/{name}-*.json")):
    try:
        d = json.load(open(f))
        runs.append((d["categories"]["performance"]["score"], f, d))
    except Exception as e:
        print(f"{name:<11} lighthouse failed: {e}")
if not runs:
    sys.exit(0)
runs.sort(key=lambda r: r[0])
_, f, d = runs[len(runs) // 2]
shutil.copy(f, f"{work}/{name}.json")
c = d["categories"]
spread = f' (runs: {", ".join(str(round(r[0] * 100)) for r in runs)})' if len(runs) > 1 else ""
print(f'{name:<11} {round(c["performance"]["score"]*100):>11} {round(c["accessibility"]["score"]*100):>13} '
      f'{int(d["audits"]["total-byte-weight"]["numericValue"]):>10}{spread}')
PY
	if [ -n "${LH_REPORTS:-}" ]; then mkdir -p "$LH_REPORTS" && cp "$work/$name.json" "$LH_REPORTS/" 2>/dev/null || true; fi
done
