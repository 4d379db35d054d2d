#!/usr/bin/env bash
# Measures the platform's cold start and idle memory on the embedded default:
# builds the binary once, then RUNS times starts `stepperslife up` on a fresh
# DATA_DIR, polls the seven /readyz until all answer 200 and prints the elapsed
# time, then the memory of the supervisor and its seven children once idle: the
# sum of VmRSS (which counts the shared binary's pages once per process) and the
# sum of PSS (shared pages split between the processes: the real footprint).
# Prints the median start-up time at the end.
#
#   scripts/measure-startup.sh [RUNS]        (default 5; needs go and curl)
set -euo pipefail

runs=${1:-5}
settle=${SETTLE_SECONDS:-2} # idle time before reading memory
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
ports=(3001 3004 3007 3008 3009 3010 3011)
up_pid=

cleanup() {
	if [[ -n $up_pid ]] && kill -0 "$up_pid" 2>/dev/null; then
		kill -TERM "$up_pid" 2>/dev/null || true
		wait "$up_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

for p in "${ports[@]}"; do
	if curl -s -o /dev/null -m 1 "http://127.0.0.1:$p/"; then
		echo "port $p is in use; stop whatever runs there first" >&2
		exit 1
	fi
done

echo "building…" >&2
(cd "$root" && go build -o "$work/stepperslife" ./cmd/stepperslife)

now_ms() { echo $(($(date +%s%N) / 1000000)); }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

times=()
for i in $(seq 1 "$runs"); do
	data="$work/data-$i"
	start=$(now_ms)
	# A clean environment: nothing points a service away from the embedded default.
	(cd "$work" && exec env -i PATH="$PATH" HOME="$HOME" DATA_DIR="$data" \
		./stepperslife up >"$work/up-$i.log" 2>&1) &
	up_pid=$!
	pending=("${ports[@]}")
	deadline=$((start + 60000))
	while ((${#pending[@]} > 0)); do
		left=()
		for p in "${pending[@]}"; do
			if ! curl -sf -o /dev/null -m 1 "http://127.0.0.1:$p/readyz"; then
				left+=("$p")
			fi
		done
		pending=("${left[@]}")
		if (($(now_ms) > deadline)); then
			echo "run $i: not ready after 60s (waiting for ${pending[*]}); log: " >&2
			tail -20 "$work/up-$i.log" >&2
			exit 1
		fi
		((${#pending[@]} == 0)) || sleep 0.01
	done
	elapsed=$(($(now_ms) - start))
	times+=("$elapsed")

	sleep "$settle"
	total=$(rss_kb "$up_pid")
	pss=$(pss_kb "$up_pid")
	detail="supervisor=$((total / 1024))MB"
	for c in $(ps -o pid= --ppid "$up_pid"); do
		kb=$(rss_kb "$c")
		total=$((total + kb))
		pss=$((pss + $(pss_kb "$c")))
		name=$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | awk '{print $3}')
		detail+=" $name=$((kb / 1024))MB"
	done
	printf 'run %d: all seven ready in %d ms; idle VmRSS sum %d MB (%s); PSS sum %d MB\n' \
		"$i" "$elapsed" "$((total / 1024))" "$detail" "$((pss / 1024))"

	kill -TERM "$up_pid"
	wait "$up_pid" || { echo "up exited non-zero" >&2; exit 1; }
	up_pid=
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median cold start over $runs runs: $median ms"
