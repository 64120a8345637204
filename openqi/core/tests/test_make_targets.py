"""The Makefile's targets start Django as the README describes them, with nothing else set."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _command_of(target: str, needle: str) -> str:
    # `target` may carry variables after it: "run PORT=8123".
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "-s", *target.split()],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(line for line in dry_run.splitlines() if needle in line)


def test_make_worker_starts_without_debug_or_a_secret_key_in_the_environment() -> None:
    # Run the exact command `make worker` runs, with `check` in place of the endless `db_worker`.
    command = _command_of("worker", "db_worker").replace("db_worker", "check")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "OPENQI_TESTING", "DEMO_MODE"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603  (the Makefile's own command)
        ["bash", "-c", command],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_make_serve_runs_the_deploy_check_and_gunicorn_with_the_request_log_instead_of_its_access_log() -> None:
    script = (ROOT / "scripts" / "serve.sh").read_text()
    assert "check --deploy --fail-level ERROR" in script
    assert "collectstatic" in script and "migrate" in script and "db_worker" in script
    assert "gunicorn --config gunicorn.conf.py" in script
    assert "serve.sh" in _command_of("serve", "serve.sh")
    config: dict[str, object] = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)  # noqa: S102
    assert config["accesslog"] is None and int(str(config["workers"])) >= 2


def test_make_run_starts_the_task_worker_beside_the_server_and_takes_email_links_from_its_port() -> None:
    # Issue 21: without a worker no email was ever sent in the demo, and links said port 8000.
    assert "PORT=8123 bash scripts/run.sh" in _command_of("run PORT=8123", "scripts/run.sh")
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"' in script
    assert "manage.py db_worker &" in script and 'manage.py runserver "127.0.0.1:$PORT" &' in script
    assert "wait -n" in script  # one stopping stops the other
