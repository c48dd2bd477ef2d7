#!/usr/bin/env bash
# Restore drill: prove the latest backup can be decrypted and restored, and how
# long that takes, without touching the live site.
#
#   BACKUP_AGE_IDENTITY_FILE=/media/escrow/procon-backup-key.txt \
#   DRILL_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
#   scripts/restore-drill.sh [BACKUPS_DIR | BACKUP_DIR]
#
# Takes the newest procon-<timestamp>/ folder in BACKUPS_DIR (default
# var/backups), or the one backup folder given; creates a scratch database
# (procon_drill_<timestamp>_<pid>) on the server of DRILL_POSTGRES_URL (any
# database there, used to create and drop the scratch one; the role needs
# CREATEDB) and a scratch files folder; restores with scripts/restore.sh; then
# compares the row counts of submissions, cases and attachments with the
# backup's MANIFEST and the SHA-256 of its sample attachment with the restored
# file and the restored row. With SECRET_KEY (and SECRET_KEY_FALLBACKS) set as
# for the site, it also checks that this key reads the restored two-step secrets,
# which a restore under another key would lose (the site's Python: DRILL_PYTHON,
# default .venv/bin/python). Prints a report with the time the restore took,
# drops the scratch database and folder whatever happens, and exits 0 when every
# check passed, 1 when one failed, 2 on a usage error.
set -euo pipefail
umask 077

cd "$(dirname "$0")/.."
: "${DRILL_POSTGRES_URL:?Set DRILL_POSTGRES_URL to a database on the server to drill on}"
case "$DRILL_POSTGRES_URL" in
  postgres://*/* | postgresql://*/*) ;;
  *) echo "restore-drill.sh: DRILL_POSTGRES_URL must be a PostgreSQL URL naming a database" >&2
     exit 2 ;;
esac
: "${BACKUP_AGE_IDENTITY_FILE:?Set BACKUP_AGE_IDENTITY_FILE to an escrowed age private key}"

SOURCE="${1:-var/backups}"
if [ -f "$SOURCE/SHA256SUMS" ]; then
  BACKUP="$SOURCE"
else
  BACKUP="$(find "$SOURCE" -mindepth 1 -maxdepth 1 -type d -name 'procon-*' 2>/dev/null |
    sort | tail -n 1)"
fi
if [ -z "$BACKUP" ] || [ ! -f "$BACKUP/MANIFEST" ]; then
  echo "restore-drill.sh: no backup with a MANIFEST in $SOURCE" >&2
  exit 2
fi

# The scratch database's URL: the drill URL with its database name replaced.
base="${DRILL_POSTGRES_URL%%\?*}"
query="${DRILL_POSTGRES_URL#"$base"}"
SCRATCH_DB="procon_drill_$(date -u +%Y%m%d%H%M%S)_$$"
SCRATCH_URL="${base%/*}/$SCRATCH_DB$query"
SCRATCH_FILES="$(mktemp -d "${TMPDIR:-/tmp}/procon-drill-files.XXXXXX")"

admin() {
  psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --dbname="$DRILL_POSTGRES_URL" --command "$1"
}
created=""
cleanup() {
  status=$?
  if [ -n "$created" ]; then
    admin "DROP DATABASE IF EXISTS \"$SCRATCH_DB\" WITH (FORCE)" ||
      echo "restore-drill.sh: could not drop $SCRATCH_DB; drop it by hand" >&2
  fi
  rm -rf "$SCRATCH_FILES"
  exit "$status"
}
trap cleanup EXIT

echo "backup:           $BACKUP"
echo "scratch database: $SCRATCH_DB"
admin "CREATE DATABASE \"$SCRATCH_DB\""
created=yes

started="$(date +%s%N)"
if ! DATABASE_URL="$SCRATCH_URL" PRIVATE_STORAGE_ROOT="$SCRATCH_FILES" \
  scripts/restore.sh "$BACKUP" >/dev/null; then
  echo "DRILL FAILED: the restore did not complete (see the error above)" >&2
  exit 1
fi
finished="$(date +%s%N)"

query_scratch() {
  psql --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 \
    --dbname="$SCRATCH_URL" --command "$1"
}
failures=0
report() {  # report OK|FAILED text
  printf '%-7s %s\n' "$1" "$2"
  [ "$1" = OK ] || failures=$((failures + 1))
}

checked_rows=0
while IFS=$'\t' read -r kind first second; do
  case "$kind" in
    rows)
      checked_rows=$((checked_rows + 1))
      restored="$(query_scratch "SELECT count(*) FROM \"$first\"")"
      if [ "$restored" = "$second" ]; then
        report OK "$first: $restored rows (manifest $second)"
      else
        report FAILED "$first: $restored rows, manifest says $second"
      fi
      ;;
    sample)
      file="$SCRATCH_FILES/$second"
      if [ ! -f "$file" ]; then
        report FAILED "sample attachment $second: missing from the restored files"
        continue
      fi
      digest="$(sha256sum <"$file")"
      digest="${digest%% *}"
      recorded="$(query_scratch "SELECT sha256 FROM procon_forms_attachment
                                 WHERE storage_name = '${second//\'/\'\'}'")"
      if [ "$digest" = "$first" ] && [ "$recorded" = "$first" ]; then
        report OK "sample attachment $second: SHA-256 matches the manifest and its row"
      else
        report FAILED "sample attachment $second: SHA-256 $digest, manifest $first, row ${recorded:-none}"
      fi
      ;;
  esac
done <"$BACKUP/MANIFEST"
if [ "$checked_rows" = 0 ]; then
  report FAILED "the MANIFEST lists no row counts"
fi
grep -q '^sample' "$BACKUP/MANIFEST" ||
  echo "note    no sample attachment in this backup (no files, or files in a bucket)"

# The key the site would run with must read what the backup holds.
if [ -n "${SECRET_KEY:-}" ]; then
  readable="$(DATABASE_URL="$SCRATCH_URL" DJANGO_SETTINGS_MODULE=procon.settings.production \
    "${DRILL_PYTHON:-.venv/bin/python}" manage.py shell --no-imports --command "
from twofactor import devices
from twofactor.models import Device
stored = list(Device.objects.values_list('encrypted_secret', flat=True))
print(sum(devices.decrypt(token) is not None for token in stored), len(stored))" |
    tail -n 1)" || readable=""
  read -r opened total <<<"${readable:-x x}"
  if [ "$opened" = x ]; then
    report FAILED "SECRET_KEY: could not start the site's code against the restored database"
  elif [ "$total" = 0 ]; then
    echo "note    no two-step secrets in this backup to check SECRET_KEY against"
  elif [ "$opened" = "$total" ]; then
    report OK "SECRET_KEY: reads all $total two-step secrets"
  else
    report FAILED "SECRET_KEY: reads $opened of $total two-step secrets; is it the backed-up site's key?"
  fi
else
  echo "note    SECRET_KEY not set: not checked against the backup"
fi

elapsed="$(awk -v ns="$((finished - started))" 'BEGIN { printf "%.1f", ns / 1e9 }')"
echo "time to restore: $elapsed s"
if [ "$failures" = 0 ]; then
  echo "drill passed"
else
  echo "DRILL FAILED: $failures check(s) did not match" >&2
  exit 1
fi
