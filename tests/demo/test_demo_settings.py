"""The demo is for development only: production neither installs the demo app nor allows demo
accounts, whose passwords are public. Each settings module is loaded in a fresh process."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": "production-test-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "council.example",
    "DATABASE_URL": "postgres://doorstep@db.internal:5432/doorstep",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_HOST": "smtp.council.example",
}
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "demo_installed": "demo" in settings.INSTALLED_APPS,
    "demo_accounts": settings.DOORSTEP_ALLOW_DEMO_ACCOUNTS,
}))
"""


def run(module: str, args: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in (*PRODUCTION, "DJANGO_SETTINGS_MODULE", "DOORSTEP_ALLOW_DEMO_ACCOUNTS")
    }
    env.update(DOORSTEP_ENV_FILE=os.devnull, DJANGO_SETTINGS_MODULE=module, **variables)
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def loaded(module: str, **variables: str) -> dict:
    result = run(module, ["-c", PRINT_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("module", "variables", "installed", "accounts"),
    [
        ("config.settings.base", {}, False, False),
        ("config.settings.production", PRODUCTION, False, False),
        ("config.settings.test", {}, True, False),
        ("config.settings.dev", {}, True, True),
    ],
)
def test_only_development_installs_the_demo_and_allows_its_accounts(
    module, variables, installed, accounts
):
    assert loaded(module, **variables) == {"demo_installed": installed, "demo_accounts": accounts}


def test_demo_accounts_stay_off_in_production_even_if_asked_for():
    on = {**PRODUCTION, "DOORSTEP_ALLOW_DEMO_ACCOUNTS": "true"}
    assert loaded("config.settings.production", **on)["demo_accounts"] is False


def test_production_has_no_load_demo_content_command():
    result = run("config.settings.production", ["manage.py", "load_demo_content"], **PRODUCTION)
    assert result.returncode != 0
    assert "Unknown command: 'load_demo_content'" in result.stderr
