#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and private folder.
#
#   DATABASE_URL=postgres://user@host:5432/procon_new \
#   BACKUP_AGE_IDENTITY_FILE=/media/escrow/procon-backup-key.txt \
#   scripts/restore.sh BACKUP_DIR
#
# BACKUP_AGE_IDENTITY_FILE is one escrowed private key (age identity file; age
# asks for its passphrase when it has one). The database must exist and have no
# tables (createdb procon_new); the private files folder (PRIVATE_STORAGE_ROOT,
# default var/private) must be empty or absent. Both are checked first: a restore
# never overwrites live data. The checksums are verified before anything is
# written, and the dump and the archive are decrypted straight into pg_restore
# and tar, never onto the disk. Afterwards run `manage.py migrate` (a no-op unless
# the code is newer than the backup), with the SECRET_KEY the backed-up site used
# (docs/incident-response.md, "Restoring").
set -euo pipefail
umask 077

cd "$(dirname "$0")/.."
BACKUP="${1:?Usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?Set DATABASE_URL to the empty PostgreSQL database to restore into}"
IDENTITY="${BACKUP_AGE_IDENTITY_FILE:-}"
if [ -z "$IDENTITY" ] || [ ! -r "$IDENTITY" ]; then
  echo "restore.sh: set BACKUP_AGE_IDENTITY_FILE to a readable escrowed age private key" >&2
  exit 2
fi
PRIVATE_ROOT="${PRIVATE_STORAGE_ROOT:-var/private}"

(cd "$BACKUP" && sha256sum --check --quiet --strict SHA256SUMS)
for part in database.dump.age private-files.tar.gz.age; do
  grep -q "  $part\$" "$BACKUP/SHA256SUMS" || {
    echo "restore.sh: $part is not in SHA256SUMS; refusing" >&2
    exit 3
  }
done

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

age --decrypt --identity="$IDENTITY" "$BACKUP/database.dump.age" |
  pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL"
mkdir -p "$PRIVATE_ROOT"
age --decrypt --identity="$IDENTITY" "$BACKUP/private-files.tar.gz.age" |
  tar -C "$PRIVATE_ROOT" -xzf -
echo "restored $BACKUP"
