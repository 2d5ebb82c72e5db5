#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server (Debian's postgresql package) listening on 127.0.0.1,
# its URL exported as TEST_DATABASE_URL, so the store tests run against PostgreSQL as well as SQLite.
#   scripts/with-postgres.sh make test
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 2
fi
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
"${as[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U accord >/dev/null
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "-h 127.0.0.1 -p $port -k $dir" -l "$dir/server.log" -w start >/dev/null
cleanup() { "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U accord accord_test
export TEST_DATABASE_URL="postgresql+psycopg://accord@127.0.0.1:$port/accord_test"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
