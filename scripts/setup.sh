#!/bin/sh
# Installs what Tandem needs on Debian 12 (as root), idempotently: Debian packages, the
# Debian 13 sources of Dear ImGui and cpp-httplib (into third_party/, git-ignored), npm packages
# (node_modules/, git-ignored). Servers the tests start themselves (nginx, PostgreSQL) are installed
# but never started here.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake dpkg-dev pkg-config emscripten nodejs npm
  nlohmann-json3-dev libsqlite3-dev sqlite3 doctest-dev libsodium-dev zlib1g-dev libssl-dev openssl
  ca-certificates nginx postgresql libpq-dev fonts-inter fonts-font-awesome fonts-noto-core fonts-noto-cjk fonts-symbola python3-fonttools
  chromium wrk hyperfine
  prometheus systemd stress-ng brotli"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# nodejs may come from another repository under the same name; npm ships with it then.
if command -v npm >/dev/null 2>&1; then missing=$(echo "$missing" | sed -e 's/\bnpm\b//' -e 's/\bnodejs\b//'); fi
missing=$(echo $missing)

SRC_LIST=/etc/apt/sources.list.d/tandem-src.sources
if [ ! -f "$SRC_LIST" ]; then
    # deb-src for Debian 13 from the machine's own bookworm entries: same mirror, no binaries.
    sed -e 's/^Types: deb$/Types: deb-src/' \
        -e 's/^Suites: bookworm bookworm-updates$/Suites: trixie/' \
        -e 's/^Suites: bookworm-security$/Suites: trixie-security/' \
        /etc/apt/sources.list.d/debian.sources > "$SRC_LIST"
    need_update=1
fi

if [ -n "$missing" ] || [ "${need_update:-0}" = 1 ]; then
    echo "setup: installing:${missing:- (package lists only)}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    if [ -n "$missing" ]; then
        # Packages such as nginx start a system service when installed; the tests start their own,
        # on loopback ports, so keep services from starting while we install (the Debian way:
        # policy-rc.d answers 101, "action forbidden").
        policy=/usr/sbin/policy-rc.d
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\nexit 101\n' > "$policy"
            chmod +x "$policy"
            trap 'rm -f "$policy"' EXIT
        fi
        # Debian's postgresql makes a "main" cluster on port 5432 on its first install, which its
        # service starts at every boot. The tests start clusters of their own in temporary folders
        # (tests/server/real_parts.h) and never use it, so have none made (Debian's createcluster.d).
        case " $missing " in *" postgresql "*)
            mkdir -p /etc/postgresql-common/createcluster.d
            echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/tandem-no-main-cluster.conf
        esac
        apt-get install -y -qq --no-install-recommends $missing
    fi
fi

mkdir -p third_party
cd third_party
if [ ! -f cpp-httplib/httplib.h ] || [ ! -f imgui/imgui.cpp ]; then
    rm -rf cpp-httplib* imgui*
    apt-get source -qq cpp-httplib/trixie imgui/trixie
    mv cpp-httplib-*/ cpp-httplib
    mv imgui-*/ imgui
    rm -f ./*.dsc ./*.tar.* ./*.debian.*
fi
cd ..

# npm's own record of what it installed is newer than the lock file once the install is current.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi

# The server.openapi test's second validator, python's openapi-spec-validator: Debian 12 has no
# package of it and no Python registry is reachable, so it comes with the machine image.
command -v openapi-spec-validator >/dev/null 2>&1 ||
    echo "setup: warning: openapi-spec-validator (python) is missing; the server.openapi test needs it" >&2
