#!/usr/bin/env bash
# The one test command: installs what is missing, starts a throwaway PostgreSQL on 127.0.0.1,
# runs unit and architecture, integration (on SQLite and on PostgreSQL) and browser tests, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
WORK=$(mktemp -d /tmp/onewindow-test.XXXXXX)
# A port that nothing listens on now: the fixed defaults can still be held by a server that is shutting down.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
PG_PORT=${OW_TEST_PG_PORT:-$(free_port 55432)}
PG_STARTED=0
IMAP_PORT=${OW_TEST_IMAP_PORT:-$(free_port 31143)}
SMTP_PORT=${OW_TEST_SMTP_PORT:-$(free_port 32525)}
DOVECOT_STARTED=0
SMTPD_PID=""

log() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# pdftotext reads the emailed PDF report back in the interaction-menu browser test.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need_apt+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
[ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ] || need_apt+=(dovecot-imapd)
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || need_apt+=(python3-aiosmtpd)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "Installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
PG_BIN=$(pg_bin)

cleanup() {
  if [ -n "${S3_PID:-}" ]; then
    kill "$S3_PID" 2>/dev/null || true
  fi
  if [ -n "$SMTPD_PID" ]; then
    kill "$SMTPD_PID" 2>/dev/null || true
  fi
  if [ "$DOVECOT_STARTED" = 1 ]; then
    log "Stopping Dovecot"
    /usr/sbin/dovecot -c "$WORK/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
  fi
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
if ! run_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" -l "$WORK/pg/server.log" -w start >/dev/null; then
  cat "$WORK/pg/server.log" >&2
  exit 1
fi
PG_STARTED=1
export OW_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"

# A throwaway Dovecot (IMAP) with one mailbox, and an SMTP receiver that stores every message it gets, so the
# mail tests talk real protocols. Dovecot refuses to deliver as root: as root the mailbox belongs to 'nobody'.
log "Starting a throwaway Dovecot on 127.0.0.1:$IMAP_PORT and an SMTP receiver on 127.0.0.1:$SMTP_PORT"
mkdir -p "$WORK/dovecot/run" "$WORK/dovecot/mail" "$WORK/smtp/received"
if [ "$(id -u)" -eq 0 ]; then
  MAIL_USER=nobody; DOVECOT_INTERNAL=dovecot; DOVECOT_LOGIN=dovenull
else
  MAIL_USER=$(id -un); DOVECOT_INTERNAL=$MAIL_USER; DOVECOT_LOGIN=$MAIL_USER
fi
chown -R "$MAIL_USER" "$WORK/dovecot/mail"
IMAP_USER=desk@onewindow.test
IMAP_PASSWORD=DeskPassword2026
echo "$IMAP_USER:{PLAIN}$IMAP_PASSWORD" > "$WORK/dovecot/users"
cat > "$WORK/dovecot/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/run/state
log_path = $WORK/dovecot/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = $DOVECOT_INTERNAL
default_login_user = $DOVECOT_LOGIN
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $WORK/dovecot/users
}
userdb {
  driver = static
  args = uid=$(id -u "$MAIL_USER") gid=$(id -g "$MAIL_USER") home=$WORK/dovecot/mail/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
/usr/sbin/dovecot -c "$WORK/dovecot/dovecot.conf"
DOVECOT_STARTED=1
cat > "$WORK/smtp/ow_smtp_sink.py" <<'EOF'
import os
import uuid


class Sink:
    """Stores every received message as <uuid>.eml, written under a temporary name first so readers never see half a file."""

    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def from_cli(cls, parser, directory):
        return cls(directory)

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.directory, uuid.uuid4().hex + ".eml")
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return "250 OK"
EOF
PYTHONPATH="$WORK/smtp" /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c ow_smtp_sink.Sink "$WORK/smtp/received" >"$WORK/smtp/smtpd.log" 2>&1 &
SMTPD_PID=$!
for _ in $(seq 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$IMAP_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null; then
    break
  fi
  sleep 0.2
done
export OW_TEST_IMAP="127.0.0.1:$IMAP_PORT" OW_TEST_IMAP_USER="$IMAP_USER" OW_TEST_IMAP_PASSWORD="$IMAP_PASSWORD"
export OW_TEST_SMTP="127.0.0.1:$SMTP_PORT" OW_TEST_SMTP_DIR="$WORK/smtp/received"

# An S3-compatible store for the attachment tests: s3rver from the npm registry, cached under .tmp/ (git-ignored).
S3_PORT=${OW_TEST_S3_PORT:-$(free_port 34569)}
if [ ! -x "$ROOT/.tmp/s3rver/node_modules/.bin/s3rver" ]; then
  log "Installing s3rver (npm)"
  mkdir -p "$ROOT/.tmp/s3rver"
  npm install --prefix "$ROOT/.tmp/s3rver" --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null
fi
mkdir -p "$WORK/s3"
node "$ROOT/.tmp/s3rver/node_modules/.bin/s3rver" --directory "$WORK/s3" --address 127.0.0.1 --port "$S3_PORT" --configure-bucket onewindow >"$WORK/s3.log" 2>&1 &
S3_PID=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break
  sleep 0.2
done
export OW_TEST_S3="http://127.0.0.1:$S3_PORT"

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
run_tests "Architecture tests" tests/OneWindow.Architecture.Tests
OW_TEST_DB=sqlite run_tests "Integration tests on SQLite" tests/OneWindow.Web.Tests
OW_TEST_DB=postgres run_tests "Integration tests on PostgreSQL" tests/OneWindow.Web.Tests
OW_TEST_DB=postgres OW_CHROMIUM=$(command -v chromium) run_tests "Browser tests (Chromium, PostgreSQL)" tests/OneWindow.Browser.Tests

# The fault run's short form (docs/benchmarks.md has the full one): the built app is killed twice and its own
# throwaway PostgreSQL crashed once while 8 clients create tickets with Idempotency-Keys; nothing may be lost or doubled.
log "Fault run (short form): 2 app kills, 1 PostgreSQL crash"
if ! dotnet run -c Release --no-build --project benchmarks/load -- faults --clients 8 --kills 2 --pg-restarts 1 --duration 25 \
    --published src/OneWindow.Web/bin/Release/net10.0; then
  status=1
fi

if [ $status -ne 0 ]; then
  log "FAILED"
else
  log "All tests passed"
fi
exit $status
