#!/usr/bin/env bash
# The platform's load figures, on one machine: builds the binary, starts every
# service with demo data (the embedded default, or PostgreSQL when
# BENCH_ADMIN_URL names a superuser), reports the idle platform's memory, then
# drives the hot paths with `stepperslife bench` and prints each beside a trivial
# handler measured in the same run. Arguments go on to `stepperslife bench`.
#
#   scripts/bench.sh                                   # SQLite, 32 connections, 5 s a path
#   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/bench.sh --conns 64
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"

work=$(mktemp -d)
bin="$work/stepperslife"
pid=""
prefix="bench_$$_"
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	if [ -n "${BENCH_ADMIN_URL:-}" ]; then
		for db in main restaurants events store classes magazine services; do
			psql -q "$BENCH_ADMIN_URL" -c "DROP DATABASE IF EXISTS ${prefix}${db} WITH (FORCE)" >/dev/null 2>&1 || true
			psql -q "$BENCH_ADMIN_URL" -c "DROP ROLE IF EXISTS ${prefix}${db}_app" >/dev/null 2>&1 || true
		done
	fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$bin" ./cmd/stepperslife
mkdir -p "$work/env"
db="SQLite (embedded default)"
if [ -n "${BENCH_ADMIN_URL:-}" ]; then
	"$bin" provision --admin-url "$BENCH_ADMIN_URL" --env-dir "$work/env" --prefix "$prefix" >/dev/null
	db="PostgreSQL"
fi

(cd "$work" && DATA_DIR="$work/data" exec "$bin" up --demo --env-dir "$work/env" >"$work/up.log" 2>&1) &
pid=$!
for port in 3001 3010 3004 3008 3009 3007 3011; do
	for _ in $(seq 120); do
		curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
		kill -0 "$pid" 2>/dev/null || { cat "$work/up.log"; exit 1; }
		sleep 0.5
	done
done
sleep 3 # demo content lands after readiness

# The idle platform's memory: the proportional share (PSS) of every process of it.
pss_kib() {
	local total=0 p kib
	for p in $(pgrep -f "^$bin") ; do
		kib=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
		total=$((total + ${kib:-0}))
	done
	echo "$total"
}
echo "platform on $db; idle memory (sum of PSS): $(( $(pss_kib) / 1024 )) MiB"
"$bin" bench "$@"
