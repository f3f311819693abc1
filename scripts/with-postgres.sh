#!/usr/bin/env bash
# Runs a command with a PostgreSQL server of its own: the distribution's binaries
# (scripts/setup.sh installs the `postgresql` package), a new cluster in a temporary
# directory, listening on a free loopback port (and its Unix socket in that directory),
# stopped and removed when the command ends, whether it succeeded, failed or was
# interrupted. The command gets BEBOERBLAD_TEST_PG=postgres://beboerblad@127.0.0.1:PORT/postgres
# (a superuser, so tests can make a database each).
#
#   bash scripts/with-postgres.sh cargo test -p beboerblad-server --test api_ratings
#
# Durability is switched off (fsync, synchronous_commit): the data is thrown away anyway.
set -euo pipefail

say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres.sh: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (run scripts/setup.sh)" >&2
  exit 1
fi

# initdb and postgres refuse to run as root: as root, run them as the package's
# `postgres` user (or `nobody`), owning the temporary directory.
as_server=()
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  as_server=(runuser -u "$owner" --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/beboerblad-pg.XXXXXX")"
chmod 700 "$dir"
chown "$owner" "$dir"
data="$dir/data"

stop() {
  local status=$?
  if [ -f "$data/postmaster.pid" ]; then
    "${as_server[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port on 127.0.0.1 (the kernel's choice), for the server to take.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

"${as_server[@]}" "$PG_BIN/initdb" -D "$data" -U beboerblad --auth=trust --encoding=UTF8 --no-locale \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (in $dir)"

export BEBOERBLAD_TEST_PG="postgres://beboerblad@127.0.0.1:$port/postgres"
"$@"
