"""scripts/backup.sh, scripts/restore.sh and scripts/restore-drill.sh.

Backups are encrypted with age to escrowed keys and leave nothing readable on
disk; a restore (and the drill) brings back the same rows and files. Most tests
make their own scratch databases, named with the process id, on the local
PostgreSQL server (BACKUP_TEST_POSTGRES_URL, default postgres@127.0.0.1:5432), so
they run with the SQLite suite too; locally they skip without that server or
`age`. Under CI (CI=true) a missing `age` fails, and so does a missing server on
the PostgreSQL pass (CI starts the server after the SQLite pass). The last two tests back up the
suite's own database and run only when the suite runs on PostgreSQL.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test import override_settings

from forms.models import Attachment, Submission
from inbox.models import Case
from tests.test_settings import STRONG_KEY, run_settings
from twofactor import devices
from twofactor.models import Device

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get(
    "BACKUP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
AGE_HEADER = b"age-encryption.org/v1"
# What must never be readable in a backup folder or a temporary folder.
CPF = "52998224725"
PROTOCOL = "2026.000777-1"
FILE_CONTENT = b"CONTEUDO SIGILOSO DO ANEXO " * 200
BACKUP_FILES = {"database.dump.age", "private-files.tar.gz.age", "MANIFEST", "SHA256SUMS"}
SITE_KEY = "the-backed-up-site-key-" + "s" * 30

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backs up the suite's own PostgreSQL database"
)


def unavailable(message, required=True):
    if os.environ.get("CI") and required:
        pytest.fail(f"The backup tests must run in CI: {message}")
    pytest.skip(message)


def database_url(server_url, name):
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_sql(statement, params=None, dsn=PG_SERVER):
    conn = psycopg.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()


def database_exists(name):
    return bool(server_sql("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def run(script, *args, **env):
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def read_manifest(backup):
    lines = [line.split("\t") for line in (backup / "MANIFEST").read_text().splitlines()]
    return {
        "rows": {fields[1]: int(fields[2]) for fields in lines if fields[0] == "rows"},
        "samples": [(fields[1], fields[2]) for fields in lines if fields[0] == "sample"],
    }


def rewrite_checksums(backup):
    """SHA256SUMS as backup.sh writes it, for a backup a test has altered."""
    lines = [
        f"{hashlib.sha256((backup / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("database.dump.age", "private-files.tar.gz.age", "MANIFEST")
    ]
    (backup / "SHA256SUMS").write_text("".join(lines))


def scratch_name(kind):
    return f"procon_test_{kind}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def age_keys(tmp_path):
    """Two escrow holders' identities and the recipients file listing both."""
    keygen = shutil.which("age-keygen")
    if not shutil.which("age") or not keygen:
        unavailable("age is not installed (apt-get install age)")
    keys = tmp_path / "keys"
    keys.mkdir()
    public = []
    for holder in ("holder-a", "holder-b", "stranger"):
        subprocess.run([keygen, "-o", str(keys / f"{holder}.txt")], check=True, capture_output=True)
        made = subprocess.run(
            [keygen, "-y", str(keys / f"{holder}.txt")],
            check=True,
            capture_output=True,
            text=True,
        )
        public.append(made.stdout.strip())
    (keys / "recipients.txt").write_text(f"{public[0]}\n{public[1]}\n")
    return SimpleNamespace(
        recipients=str(keys / "recipients.txt"),
        holder_a=str(keys / "holder-a.txt"),
        holder_b=str(keys / "holder-b.txt"),
        stranger=str(keys / "stranger.txt"),
    )


@pytest.fixture
def pg_server():
    if not shutil.which("pg_dump") or not shutil.which("psql"):
        unavailable("the PostgreSQL client programs are not installed")
    try:
        server_sql("SELECT 1")
    except psycopg.OperationalError as error:
        # CI starts PostgreSQL after the SQLite pass: required on the PostgreSQL pass.
        unavailable(
            f"no PostgreSQL server at {PG_SERVER}: {error}",
            required=connection.vendor == "postgresql",
        )
    return PG_SERVER


@pytest.fixture
def source(pg_server, tmp_path):
    """A scratch database holding the tables the backup counts (named as the
    models name them) with a few rows, and a private folder with their files."""
    name = scratch_name("backup_source")
    server_sql(f'CREATE DATABASE "{name}"')
    submissions = Submission._meta.db_table
    cases = Case._meta.db_table
    attachments = Attachment._meta.db_table
    storage_name = Attachment._meta.get_field("storage_name").column
    sha256 = Attachment._meta.get_field("sha256").column
    created_at = Attachment._meta.get_field("created_at").column
    authenticators = Device._meta.db_table
    with override_settings(SECRET_KEY=SITE_KEY, SECRET_KEY_FALLBACKS=[]):
        encrypted_secret = devices.encrypt("JBSWY3DPEHPK3PXP")
    private = tmp_path / "private"
    files = {
        "2026/11/antigo": b"um anexo mais antigo",
        "2026/12/recente": FILE_CONTENT,
    }
    for path, content in files.items():
        (private / path).parent.mkdir(parents=True, exist_ok=True)
        (private / path).write_bytes(content)
    url = database_url(pg_server, name)
    server_sql(
        f"""
        CREATE TABLE {submissions} (id bigint PRIMARY KEY, protocol varchar(20),
                                    consumer_cpf varchar(11));
        CREATE TABLE {cases} (submission_id bigint PRIMARY KEY REFERENCES {submissions});
        CREATE TABLE {attachments} (id uuid PRIMARY KEY, submission_id bigint
            REFERENCES {submissions}, {storage_name} varchar(255) UNIQUE,
            {sha256} varchar(64), {created_at} timestamptz);
        INSERT INTO {submissions} VALUES (1, '{PROTOCOL}', '{CPF}'),
            (2, '2026.000778-0', '{CPF}'), (3, '2026.000779-8', '{CPF}');
        INSERT INTO {cases} VALUES (1), (2), (3);
        INSERT INTO {attachments} VALUES
            ('{uuid.uuid4()}', 1, '2026/11/antigo',
             '{hashlib.sha256(files["2026/11/antigo"]).hexdigest()}', now() - interval '1 day'),
            ('{uuid.uuid4()}', 2, '2026/12/recente',
             '{hashlib.sha256(FILE_CONTENT).hexdigest()}', now());
        CREATE TABLE {authenticators} (id bigint PRIMARY KEY, encrypted_secret text);
        INSERT INTO {authenticators} VALUES (1, '{encrypted_secret}');
        """,  # noqa: S608 - names from the models, values from this test
        dsn=url,
    )
    yield SimpleNamespace(
        url=url,
        private=private,
        tables={submissions: 3, cases: 3, attachments: 2},
        sample=(hashlib.sha256(FILE_CONTENT).hexdigest(), "2026/12/recente"),
    )
    server_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backup_env(source, age_keys, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    return {
        "DATABASE_URL": source.url,
        "PRIVATE_STORAGE_ROOT": str(source.private),
        "BACKUP_AGE_RECIPIENTS_FILE": age_keys.recipients,
        "TMPDIR": str(temporary),
    }


def make_backup(tmp_path, env):
    made = run("backup.sh", str(tmp_path / "backups"), **env)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.strip().splitlines()[-1])


def drill(age_keys, backups, identity=None, **env):
    return run(
        "restore-drill.sh",
        str(backups),
        **{
            "BACKUP_AGE_IDENTITY_FILE": identity or age_keys.holder_a,
            "DRILL_POSTGRES_URL": PG_SERVER,
            "DRILL_PYTHON": sys.executable,
            "SECRET_KEY": "",
            "SECRET_KEY_FALLBACKS": "",
            **env,
        },
    )


def scratch_database_of(output):
    found = re.search(r"scratch database: (\S+)", output)
    assert found, output
    return found.group(1)


def test_backup_writes_only_encrypted_files(tmp_path, source, backup_env, age_keys):
    backup = make_backup(tmp_path, backup_env)

    assert {p.name for p in backup.iterdir()} == BACKUP_FILES
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no partial copy
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    for name in ("database.dump.age", "private-files.tar.gz.age"):
        assert (backup / name).read_bytes().startswith(AGE_HEADER)
    # Nothing a citizen sent is readable in the backup or left in a temporary folder.
    written = [p for folder in (tmp_path / "backups", tmp_path / "tmp") for p in folder.rglob("*")]
    for path in (p for p in written if p.is_file()):
        content = path.read_bytes()
        for secret in (CPF.encode(), PROTOCOL.encode(), FILE_CONTENT[:40]):
            assert secret not in content, path
    assert not any((tmp_path / "tmp").iterdir())

    manifest = read_manifest(backup)
    assert manifest == {"rows": source.tables, "samples": [source.sample]}
    for line in (backup / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((backup / name).read_bytes()).hexdigest() == digest
    # Either escrow holder's key opens it.
    for identity in (age_keys.holder_a, age_keys.holder_b):
        dump = subprocess.run(
            [
                shutil.which("age"),
                "--decrypt",
                "--identity",
                identity,
                backup / "database.dump.age",
            ],
            capture_output=True,
            check=True,
        )
        assert dump.stdout.startswith(b"PGDMP")


def test_backup_refuses_to_run_without_recipients(tmp_path):
    for recipients in ("", str(tmp_path / "missing.txt")):
        done = run(
            "backup.sh",
            str(tmp_path / "backups"),
            DATABASE_URL="postgresql://nobody@127.0.0.1:5432/none",
            BACKUP_AGE_RECIPIENTS_FILE=recipients,
        )
        assert done.returncode == 2
        assert "BACKUP_AGE_RECIPIENTS_FILE" in done.stderr
        assert not (tmp_path / "backups").exists()


def test_a_failed_backup_leaves_nothing_behind(tmp_path, pg_server, age_keys):
    done = run(
        "backup.sh",
        str(tmp_path / "backups"),
        DATABASE_URL=database_url(pg_server, scratch_name("missing")),
        BACKUP_AGE_RECIPIENTS_FILE=age_keys.recipients,
    )
    assert done.returncode != 0
    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_drill_restores_the_newest_backup_and_reports(
    tmp_path, source, backup_env, age_keys
):
    backup = make_backup(tmp_path, backup_env)
    # An older, broken backup next to it is not the one drilled.
    older = tmp_path / "backups" / "procon-20000101T000000Z"
    older.mkdir()
    (older / "MANIFEST").write_text("rows\tprocon_forms_submission\t999\n")

    done = drill(age_keys, tmp_path / "backups", TMPDIR=str(tmp_path / "tmp"))

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"backup:           {backup}" in done.stdout
    for table, count in source.tables.items():
        assert f"OK      {table}: {count} rows (manifest {count})" in done.stdout
    assert f"OK      sample attachment {source.sample[1]}: SHA-256 matches" in done.stdout
    assert "note    SECRET_KEY not set: not checked against the backup" in done.stdout
    assert re.search(r"^time to restore: \d+\.\d s$", done.stdout, re.MULTILINE)
    assert done.stdout.rstrip().endswith("drill passed")
    # The scratch copies are gone.
    assert not database_exists(scratch_database_of(done.stdout))
    assert not any((tmp_path / "tmp").iterdir())


def test_restore_drill_fails_when_the_restore_does_not_match_the_manifest(
    tmp_path, source, backup_env, age_keys
):
    backup = make_backup(tmp_path, backup_env)
    manifest = (backup / "MANIFEST").read_text()
    manifest = manifest.replace("procon_forms_attachment\t2", "procon_forms_attachment\t5")
    manifest = manifest.replace(source.sample[0], "0" * 64)
    (backup / "MANIFEST").write_text(manifest)
    rewrite_checksums(backup)

    done = drill(age_keys, backup, identity=age_keys.holder_b)

    assert done.returncode == 1
    assert "FAILED  procon_forms_attachment: 2 rows, manifest says 5" in done.stdout
    assert f"FAILED  sample attachment {source.sample[1]}" in done.stdout
    assert "DRILL FAILED: 2 check(s)" in done.stderr
    assert "OK      procon_forms_submission: 3 rows" in done.stdout
    assert not database_exists(scratch_database_of(done.stdout))


def test_restore_drill_fails_with_a_key_that_is_not_escrowed(
    tmp_path, source, backup_env, age_keys
):
    make_backup(tmp_path, backup_env)

    done = drill(age_keys, tmp_path / "backups", identity=age_keys.stranger)

    assert done.returncode == 1
    assert "no identity matched" in done.stderr
    assert "DRILL FAILED: the restore did not complete" in done.stderr
    assert not database_exists(scratch_database_of(done.stdout))


def test_restore_drill_checks_that_the_secret_key_reads_the_two_step_secrets(
    tmp_path, source, backup_env, age_keys
):
    make_backup(tmp_path, backup_env)

    # The backed-up site's key, here kept as a fallback after a rotation: readable.
    done = drill(
        age_keys,
        tmp_path / "backups",
        SECRET_KEY=STRONG_KEY,
        SECRET_KEY_FALLBACKS=SITE_KEY,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK      SECRET_KEY: reads all 1 two-step secrets" in done.stdout

    # Another key: the restore works, but the site would lose every authenticator.
    done = drill(age_keys, tmp_path / "backups", SECRET_KEY=STRONG_KEY)
    assert done.returncode == 1
    assert "FAILED  SECRET_KEY: reads 0 of 1 two-step secrets" in done.stdout
    assert "OK      procon_forms_submission: 3 rows" in done.stdout
    assert not database_exists(scratch_database_of(done.stdout))


@pytest.fixture
def target(pg_server):
    name = scratch_name("restore_target")
    server_sql(f'CREATE DATABASE "{name}"')
    yield database_url(pg_server, name)
    server_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_count(dsn):
    rows = server_sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
        dsn=dsn,
    )
    return rows[0][0]


def test_a_tampered_backup_is_not_restored(tmp_path, source, backup_env, age_keys, target):
    backup = make_backup(tmp_path, backup_env)
    dump = bytearray((backup / "database.dump.age").read_bytes())
    dump[-10] ^= 0xFF
    (backup / "database.dump.age").write_bytes(bytes(dump))

    done = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=target,
        BACKUP_AGE_IDENTITY_FILE=age_keys.holder_a,
        PRIVATE_STORAGE_ROOT=str(tmp_path / "restored"),
    )
    assert done.returncode != 0
    assert "did NOT match" in done.stderr  # sha256sum's report
    assert table_count(target) == 0

    # Checksums rewritten to match: age's own authentication still refuses it.
    rewrite_checksums(backup)
    done = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=target,
        BACKUP_AGE_IDENTITY_FILE=age_keys.holder_a,
        PRIVATE_STORAGE_ROOT=str(tmp_path / "restored"),
    )
    assert done.returncode != 0
    assert not (tmp_path / "restored").exists()


def test_restore_needs_an_escrowed_key(tmp_path, source, backup_env, target):
    backup = make_backup(tmp_path, backup_env)
    done = run("restore.sh", str(backup), DATABASE_URL=target, BACKUP_AGE_IDENTITY_FILE="")
    assert done.returncode == 2
    assert "BACKUP_AGE_IDENTITY_FILE" in done.stderr
    assert table_count(target) == 0


def test_secret_key_fallbacks_are_read_from_the_environment():
    code = "print(s.SECRET_KEY_FALLBACKS)"
    result = run_settings(
        "procon.settings.production",
        code,
        SECRET_KEY=STRONG_KEY,
        SECRET_KEY_FALLBACKS="old-key-one, old-key-two ,",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['old-key-one', 'old-key-two']"
    result = run_settings("procon.settings.production", code, SECRET_KEY=STRONG_KEY)
    assert result.stdout.strip() == "[]"


# The suite's own database (PostgreSQL runs only) -----------------------------------


def suite_database_url(name):
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    return f"postgresql://{at}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def row_counts(dsn):
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
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


@pytest.fixture
def suite_target():
    """An empty database next to the suite's own, named for this process."""
    name = scratch_name("suite_restore")
    admin = suite_database_url("postgres")
    server_sql(f'CREATE DATABASE "{name}"', dsn=admin)
    yield suite_database_url(name)
    server_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', dsn=admin)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database(tmp_path, suite_target, settings, age_keys):
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
    source_url = suite_database_url(connection.settings_dict["NAME"])
    env = {
        "DATABASE_URL": source_url,
        "PRIVATE_STORAGE_ROOT": str(private),
        "BACKUP_AGE_RECIPIENTS_FILE": age_keys.recipients,
    }

    backup = make_backup(tmp_path, env)
    assert {p.name for p in backup.iterdir()} == BACKUP_FILES
    expected = row_counts(source_url)
    assert expected["procon_forms_municipality"] >= 1

    restored_files = tmp_path / "restored"
    done = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=suite_target,
        PRIVATE_STORAGE_ROOT=str(restored_files),
        BACKUP_AGE_IDENTITY_FILE=age_keys.holder_b,
    )
    assert done.returncode == 0, done.stderr
    assert row_counts(suite_target) == expected
    assert (restored_files / stored).read_bytes() == b"conteudo do anexo"

    # A second restore into the now non-empty database is refused.
    again = run(
        "restore.sh",
        str(backup),
        DATABASE_URL=suite_target,
        PRIVATE_STORAGE_ROOT=str(tmp_path / "other"),
        BACKUP_AGE_IDENTITY_FILE=age_keys.holder_b,
    )
    assert again.returncode == 3 and "not empty" in again.stderr
