import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "training.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_documented_variables(tmp_path):
    result = run_check(
        {
            "DJANGO_SECRET_KEY": "k3y-" + "x9Q!" * 16,
            "DJANGO_ALLOWED_HOSTS": "academy.thanhxuan.local",
            "WAGTAILADMIN_BASE_URL": "https://academy.thanhxuan.local",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.db'}",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_check({"DJANGO_ALLOWED_HOSTS": "academy.thanhxuan.local"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_require_the_public_address_printed_on_certificates():
    result = run_check(
        {"DJANGO_SECRET_KEY": "k3y-" + "x9Q!" * 16, "DJANGO_ALLOWED_HOSTS": "academy.local"}
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr
