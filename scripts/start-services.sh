#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis when they are not running (CI and
# developers' machines), and makes sure the role the tests use exists.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

# The tests create and drop their own test_<name> database; the named one
# must exist too, for Django to connect to before it creates that.
db_user="${PGUSER:-postgres}"
db_name="${PGDATABASE_NAME:-xinling}"
if ! psql -h 127.0.0.1 -U "$db_user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${db_name}'" | grep -q 1; then
  createdb -h 127.0.0.1 -U "$db_user" "$db_name"
fi
