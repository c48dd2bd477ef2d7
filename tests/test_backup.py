"""scripts/backup.sh then scripts/restore.sh into an empty PostgreSQL database: the
same rows in every table and the same private files. PostgreSQL only (CI runs
the suite on PostgreSQL too)."""

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TARGET = "procon_sec_restore"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backup scripts are for PostgreSQL"
)


def url(name):
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    return f"postgresql://{at}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def admin_sql(statement):
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()


def row_counts(dsn):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'public' and table_type = 'BASE TABLE'"
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'select count(*) from "{table}"')  # noqa: S608 - catalogue names
            counts[table] = cursor.fetchone()[0]
    return counts


def run(script, *args, **env):
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def target_database():
    admin_sql(f"DROP DATABASE IF EXISTS {TARGET}")
    admin_sql(f"CREATE DATABASE {TARGET}")
    yield url(TARGET)
    admin_sql(f"DROP DATABASE IF EXISTS {TARGET}")


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database(tmp_path, target_database, settings):
    private = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private)},
        },
    }
    # Some rows of our own and a private file, committed so pg_dump sees them.
    from forms.models import Municipality

    Municipality.objects.create(name="Cuiabá", state="MT", ibge_code="5103403")
    stored = storages["private"].save("2026/01/arquivo", ContentFile(b"conteudo do anexo"))
    source = url(connection.settings_dict["NAME"])
    env = {"DATABASE_URL": source, "PRIVATE_STORAGE_ROOT": str(private)}

    made = run("backup.sh", str(tmp_path / "backups"), **env)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert {p.name for p in backup.iterdir()} == {
        "database.dump",
        "private-files.tar.gz",
        "SHA256SUMS",
    }
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    expected = row_counts(source)
    assert expected["procon_forms_municipality"] >= 1

    restored_files = tmp_path / "restored"
    done = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=target_database,
        PRIVATE_STORAGE_ROOT=str(restored_files),
    )
    assert done.returncode == 0, done.stderr
    assert row_counts(target_database) == expected
    assert (restored_files / stored).read_bytes() == b"conteudo do anexo"

    # A second restore into the now non-empty database is refused.
    again = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=target_database,
        PRIVATE_STORAGE_ROOT=str(tmp_path / "other"),
    )
    assert again.returncode == 3 and "not empty" in again.stderr


def test_a_tampered_backup_is_not_restored(tmp_path, target_database):
    backup = tmp_path / "procon-x"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"not a dump")
    (backup / "private-files.tar.gz").write_bytes(b"")
    (backup / "SHA256SUMS").write_text(
        "0" * 64 + "  database.dump\n" + "0" * 64 + "  private-files.tar.gz\n"
    )
    done = run("restore.sh", str(backup), DATABASE_URL=target_database)
    assert done.returncode != 0
    assert row_counts(target_database) == {}
