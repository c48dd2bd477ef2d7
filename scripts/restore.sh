#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and private folder.
#
#   DATABASE_URL=postgres://user@host:5432/procon_new scripts/restore.sh BACKUP_DIR
#
# The database must exist and have no tables (createdb procon_new); the private
# files folder (PRIVATE_STORAGE_ROOT, default var/private) must be empty or
# absent. Both are checked first: a restore never overwrites live data. The
# checksums are verified before anything is written. Afterwards run
# `manage.py migrate` (a no-op unless the code is newer than the backup).
set -euo pipefail
umask 077

cd "$(dirname "$0")/.."
BACKUP="${1:?Usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?Set DATABASE_URL to the empty PostgreSQL database to restore into}"
PRIVATE_ROOT="${PRIVATE_STORAGE_ROOT:-var/private}"

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS)

tables="$(psql --dbname="$DATABASE_URL" --tuples-only --no-align --command \
  "select count(*) from information_schema.tables where table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database is not empty ($tables tables); refusing" >&2
  exit 3
fi
if [ -d "$PRIVATE_ROOT" ] && [ -n "$(ls -A "$PRIVATE_ROOT")" ]; then
  echo "restore.sh: $PRIVATE_ROOT is not empty; refusing" >&2
  exit 3
fi

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" \
  "$BACKUP/database.dump"
mkdir -p "$PRIVATE_ROOT"
tar -C "$PRIVATE_ROOT" -xzf "$BACKUP/private-files.tar.gz"
echo "restored $BACKUP"
