#!/usr/bin/env bash
# Makes sure everything the tests start is there: PostgreSQL running, and the MinIO,
# stripe-mock and Mailpit binaries built once into a cache outside the repository
# (they are tools, not dependencies of the module), Chromium for browser tests, and
# Redocly CLI for the API document lint and axe-core for the page audits, both from
# npm into the same cache.
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail

# The tool cache lives under HOME, which a bare CI environment may not set.
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME

TOOLS="${STEPPERSLIFE_TOOLS:-$HOME/.cache/stepperslife/bin}"
mkdir -p "$TOOLS"

log() { echo "test-deps: $*" >&2; }

# CI's environment may lack the Go installation on PATH.
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# PostgreSQL: the tests create throwaway databases on it.
if ! pg_isready -q -h 127.0.0.1; then
	log "starting PostgreSQL"
	for v in $(ls /etc/postgresql); do
		as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
	done
	for _ in $(seq 1 60); do
		pg_isready -q -h 127.0.0.1 && break
		sleep 1
	done
	pg_isready -h 127.0.0.1 || { log "PostgreSQL did not come up"; exit 1; }
fi

# Built from outside the module so go.mod stays untouched.
install_tool() {
	local name="$1" pkg="$2"
	if [ -x "$TOOLS/$name" ]; then
		return
	fi
	log "building $name ($pkg), once"
	(cd /tmp && GOFLAGS=-buildvcs=false GOBIN="$TOOLS" go install "$pkg")
}
install_tool minio github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c
install_tool stripe-mock github.com/stripe/stripe-mock@v0.203.0
install_tool mailpit github.com/axllent/mailpit@v1.33.1

# Browser tests drive Chromium.
if [ ! -x /usr/bin/chromium ]; then
	log "installing chromium"
	as_root apt-get update -q
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium
fi

# The API documents are linted with Redocly CLI, an npm package, so node and npm
# come first, from Debian like Chromium.
if ! command -v npm >/dev/null; then
	log "installing nodejs and npm"
	as_root apt-get update -q
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q nodejs npm
fi
REDOCLY_VERSION=2.77.0
redocly_installed() {
	sed -n 's/^  "version": "\(.*\)",$/\1/p' "$TOOLS/redocly/node_modules/@redocly/cli/package.json" 2>/dev/null
}
if [ "$(redocly_installed)" != "$REDOCLY_VERSION" ]; then
	log "installing @redocly/cli@$REDOCLY_VERSION, once"
	npm install --prefix "$TOOLS/redocly" --no-audit --no-fund --save-exact "@redocly/cli@$REDOCLY_VERSION"
fi

# The browser tests audit every page with axe-core, injected into Chromium from the
# cache. Only its one browser file is kept; the tarball must match the integrity npm
# publishes for this version, checked here so a changed package cannot slip in.
AXE_VERSION=4.14.1
AXE_INTEGRITY=sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
if [ "$(cat "$TOOLS/axe-core/VERSION" 2>/dev/null)" != "$AXE_VERSION" ]; then
	log "installing axe-core@$AXE_VERSION, once"
	work="$(mktemp -d)"
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && npm pack --silent --no-audit --no-fund "axe-core@$AXE_VERSION" >/dev/null)
	tarball="$work/axe-core-$AXE_VERSION.tgz"
	got="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
	if [ "$got" != "$AXE_INTEGRITY" ]; then
		log "axe-core@$AXE_VERSION does not match its pinned integrity ($got)"
		exit 1
	fi
	tar -xzf "$tarball" -C "$work" package/axe.min.js package/LICENSE
	rm -rf "$TOOLS/axe-core"
	mkdir -p "$TOOLS/axe-core"
	cp "$work/package/axe.min.js" "$work/package/LICENSE" "$TOOLS/axe-core/"
	echo "$AXE_VERSION" >"$TOOLS/axe-core/VERSION"
fi
