#!/usr/bin/env bash
# Makes env/ from env.example/, replacing each CHANGE_ME_… placeholder with a random
# value; a placeholder used in two files (a MinIO's root password and its service's
# MINIO_SECRET_KEY) gets the same value in both. Existing files are never overwritten.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/env.example"
dst="${1:-$here/env}"

umask 077
mkdir -p "$dst"
declare -A value
random() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | head -c 40; }

for f in "$src"/*.env; do
  out="$dst/$(basename "$f")"
  if [[ -e "$out" ]]; then
    echo "kept    $out"
    continue
  fi
  text="$(cat "$f")"
  for ph in $(grep -o 'CHANGE_ME_[A-Z0-9_]*' "$f" | sort -u); do
    [[ -n "${value[$ph]:-}" ]] || value[$ph]="$(random)"
    text="${text//$ph/${value[$ph]}}"
  done
  printf '%s\n' "$text" >"$out"
  echo "written $out"
done
