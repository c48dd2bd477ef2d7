#!/usr/bin/env bash
# Back up the PostgreSQL database and the private files (citizens' attachments),
# encrypted with age to the escrowed public keys.
#
#   DATABASE_URL=postgres://user@host:5432/procon \
#   BACKUP_AGE_RECIPIENTS_FILE=/etc/procon/backup-recipients.txt \
#   scripts/backup.sh [DEST_DIR]
#
# Writes DEST_DIR/procon-<UTC timestamp>/ (DEST_DIR defaults to var/backups) with:
#   database.dump.age        pg_dump custom format, encrypted
#   private-files.tar.gz.age the private storage folder (PRIVATE_STORAGE_ROOT,
#                            default var/private), encrypted
#   MANIFEST                 no personal data: row counts of submissions, cases
#                            and attachments, and the SHA-256 of one attachment,
#                            all from the same database snapshot as the dump;
#                            scripts/restore-drill.sh checks a restore against it
#   SHA256SUMS               checksums of the three, verified before a restore
# and prints the directory. Relative paths are relative to the project folder.
#
# BACKUP_AGE_RECIPIENTS_FILE lists age public keys ("age1..."), one a line: the
# keys of the people who hold the private keys in escrow (docs/incident-response.md).
# Any one of the matching private keys decrypts the backup. Needs `age`,
# `pg_dump` and `psql` (apt-get install age postgresql-client); installs nothing.
#
# Nothing unencrypted is written: the dump and the archive are piped straight
# into age. The backup is assembled in a hidden folder and renamed when complete;
# a failed run removes it. When private files live in an S3 bucket, back the
# bucket up with the provider's versioning or replication instead; only the
# database is dumped then.
set -euo pipefail
umask 077

cd "$(dirname "$0")/.."
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
RECIPIENTS="${BACKUP_AGE_RECIPIENTS_FILE:-}"
if [ -z "$RECIPIENTS" ] || [ ! -r "$RECIPIENTS" ]; then
  echo "backup.sh: set BACKUP_AGE_RECIPIENTS_FILE to a readable file of age public keys;" \
    "backups are never written unencrypted" >&2
  exit 2
fi
if ! command -v age >/dev/null; then
  echo "backup.sh: age is not installed (apt-get install age)" >&2
  exit 2
fi
DEST_DIR="${1:-var/backups}"
PRIVATE_ROOT="${PRIVATE_STORAGE_ROOT:-var/private}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$DEST_DIR/procon-$STAMP"
WORK="$DEST_DIR/.procon-$STAMP.partial"
mkdir -p "$DEST_DIR"
mkdir "$WORK"

psql_pid=""
cleanup() {
  status=$?
  if [ -n "$psql_pid" ]; then kill "$psql_pid" 2>/dev/null || true; fi
  if [ -d "$WORK" ]; then rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
# A database session that ends early makes the next question fail, not kill us.
trap '' PIPE

# One read-only transaction exports its snapshot: pg_dump dumps that snapshot,
# and the manifest's counts are read in the same transaction, so they match.
coproc PSQL {
  psql --no-psqlrc --quiet --tuples-only --no-align --field-separator=$'\t' \
    --set=ON_ERROR_STOP=1 --dbname="$DATABASE_URL"
}
# Bash forgets PSQL and PSQL_PID once psql ends: keep our own copies.
psql_pid="${PSQL_PID:-}"
to_psql="${PSQL[1]:-}"
from_psql="${PSQL[0]:-}"
ask() {
  printf '%s\n\\echo __end_of_answer__\n' "$1" >&"$to_psql" 2>/dev/null || return 1
  local line
  while IFS= read -r line <&"$from_psql"; do
    [ "$line" = __end_of_answer__ ] && return 0
    printf '%s\n' "$line"
  done
  echo "backup.sh: the database session ended unexpectedly" >&2
  return 1
}
ask "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;" >/dev/null
SNAPSHOT="$(ask "SELECT pg_export_snapshot();")"

printf 'format\tprocon-backup-1\ncreated\t%s\n' "$STAMP" >"$WORK/MANIFEST"
for table in procon_forms_submission inbox_case procon_forms_attachment; do
  count="$(ask "SELECT count(*) FROM $table;")"
  printf 'rows\t%s\t%s\n' "$table" "$count" >>"$WORK/MANIFEST"
done
# One attachment to check byte for byte after a restore: the newest whose file
# is on this disk (none when the files live in a bucket).
newest="$(ask "SELECT storage_name FROM procon_forms_attachment ORDER BY created_at DESC LIMIT 20;")"
while IFS= read -r name; do
  if [ -n "$name" ] && [ -f "$PRIVATE_ROOT/$name" ]; then
    digest="$(sha256sum <"$PRIVATE_ROOT/$name")"
    printf 'sample\t%s\t%s\n' "${digest%% *}" "$name" >>"$WORK/MANIFEST"
    break
  fi
done <<<"$newest"

pg_dump --format=custom --no-owner --no-privileges --snapshot="$SNAPSHOT" \
  --dbname="$DATABASE_URL" | age --encrypt --recipients-file="$RECIPIENTS" \
  --output="$WORK/database.dump.age"
ask "COMMIT;" >/dev/null
printf '\\q\n' >&"$to_psql"
wait "$psql_pid" || true
psql_pid=""

if [ -d "$PRIVATE_ROOT" ]; then
  tar -C "$PRIVATE_ROOT" -czf - .
else
  echo "backup.sh: no private files folder at $PRIVATE_ROOT; archiving nothing" >&2
  tar -czf - --files-from /dev/null
fi | age --encrypt --recipients-file="$RECIPIENTS" --output="$WORK/private-files.tar.gz.age"

(cd "$WORK" && sha256sum database.dump.age private-files.tar.gz.age MANIFEST >SHA256SUMS)
mv "$WORK" "$OUT"
echo "$OUT"
