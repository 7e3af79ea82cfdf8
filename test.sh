#!/usr/bin/env bash
# The one test command: installs what is missing, starts a throwaway PostgreSQL on 127.0.0.1,
# runs unit, integration (on SQLite and on PostgreSQL) and browser tests, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
WORK=$(mktemp -d /tmp/onewindow-test.XXXXXX)
PG_PORT=${OW_TEST_PG_PORT:-55432}
PG_STARTED=0

log() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need_apt+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "Installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
PG_BIN=$(pg_bin)

cleanup() {
  if [ "$PG_STARTED" = 1 ]; then
    log "Stopping PostgreSQL"
    run_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: run it as the unprivileged 'postgres' or 'nobody' user when we are root.
run_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    local u=postgres; id -u postgres >/dev/null 2>&1 || u=nobody
    chown -R "$u" "$WORK/pg" 2>/dev/null || true
    su -s /bin/sh "$u" -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

log "Starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT"
mkdir -p "$WORK/pg"
chmod 755 "$WORK"
run_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" -l "$WORK/pg/server.log" -w start >/dev/null
PG_STARTED=1
export OW_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"

log "Restoring and building"
dotnet tool restore >/dev/null
dotnet build OneWindow.slnx -c Release -nologo -clp:ErrorsOnly

status=0
run_tests() {
  local name=$1; shift
  log "$name"
  if ! dotnet test "$@" -c Release --no-build -nologo --logger "console;verbosity=minimal"; then
    status=1
  fi
}

run_tests "Unit tests (OneWindow.Core)" tests/OneWindow.Core.Tests
OW_TEST_DB=sqlite run_tests "Integration tests on SQLite" tests/OneWindow.Web.Tests
OW_TEST_DB=postgres run_tests "Integration tests on PostgreSQL" tests/OneWindow.Web.Tests
OW_TEST_DB=postgres OW_CHROMIUM=$(command -v chromium) run_tests "Browser tests (Chromium, PostgreSQL)" tests/OneWindow.Browser.Tests

if [ $status -ne 0 ]; then
  log "FAILED"
else
  log "All tests passed"
fi
exit $status
