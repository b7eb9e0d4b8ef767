#!/usr/bin/env bash
# The tests talk to a real PostgreSQL and Redis on their standard ports. Where none answers, start
# project-owned instances (data under the cache dir, trust auth on loopback only), never touching
# the machine's own service configuration.
source "$(dirname "$0")/lib.sh"
pg_port="${TEST_PG_PORT:-5432}"
redis_port="${TEST_REDIS_PORT:-6379}"

if port_open "$redis_port"; then
  log "redis: answering on $redis_port"
else
  log "redis: starting a project-owned redis-server on $redis_port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$LIENTHONG_CACHE_DIR" --logfile "$LIENTHONG_CACHE_DIR/redis-test.log"
  for _ in $(seq 50); do port_open "$redis_port" && break; sleep 0.1; done
  port_open "$redis_port" || die "redis-server did not start (see $LIENTHONG_CACHE_DIR/redis-test.log)"
fi

if port_open "$pg_port"; then
  log "postgresql: answering on $pg_port"
  exit 0
fi
dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q 'install ok installed' || {
  log "postgresql: installing Debian's package"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
# As root the server runs as the postgres user, who cannot enter root's home: keep it under /var/lib.
if [ "$(id -u)" = 0 ]; then data="/var/lib/lienthong/postgresql-test"; else data="$LIENTHONG_CACHE_DIR/postgresql-test"; fi
# PostgreSQL refuses to run as root: use the postgres system user when we are root.
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$data/PG_VERSION" ]; then
  log "postgresql: creating a project-owned cluster in $data"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
log "postgresql: starting the project-owned cluster on $pg_port"
pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
pg "$bindir/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1 \
  || pg "$bindir/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres test
