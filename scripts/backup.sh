#!/usr/bin/env bash
# Back up the PostgreSQL database and the private files (citizens' attachments).
#
#   DATABASE_URL=postgres://user@host:5432/procon scripts/backup.sh [DEST_DIR]
#
# Writes DEST_DIR/procon-<UTC timestamp>/ (DEST_DIR defaults to var/backups) with:
#   database.dump       pg_dump custom format (pg_restore reads it; compressed)
#   private-files.tar.gz  the private storage folder (PRIVATE_STORAGE_ROOT,
#                       default var/private)
#   SHA256SUMS          checksums that restore.sh verifies first
# and prints the directory. The backup holds personal data: it is created
# readable by its owner only; keep it encrypted and off the web server, and
# delete copies past the retention of backups (see docs/security.md).
# When private files live in an S3 bucket, back the bucket up with the
# provider's versioning or replication instead; only the database is dumped then.
set -euo pipefail
umask 077

cd "$(dirname "$0")/.."
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
DEST_DIR="${1:-var/backups}"
PRIVATE_ROOT="${PRIVATE_STORAGE_ROOT:-var/private}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$DEST_DIR/procon-$STAMP"
mkdir -p "$OUT"

pg_dump --format=custom --no-owner --no-privileges --file="$OUT/database.dump" \
  --dbname="$DATABASE_URL"

if [ -d "$PRIVATE_ROOT" ]; then
  tar -C "$PRIVATE_ROOT" -czf "$OUT/private-files.tar.gz" .
else
  echo "backup.sh: no private files folder at $PRIVATE_ROOT; archiving nothing" >&2
  tar -czf "$OUT/private-files.tar.gz" --files-from /dev/null
fi

(cd "$OUT" && sha256sum database.dump private-files.tar.gz > SHA256SUMS)
echo "$OUT"
