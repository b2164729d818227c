"""SECRET_KEY_FALLBACKS comes from the environment, so a key rotation can be staged."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_KEYS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({"key": settings.SECRET_KEY, "fallbacks": settings.SECRET_KEY_FALLBACKS}))
"""


def load_keys(module: str, **variables: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY_FALLBACKS")
    }
    env.update(DJANGO_SETTINGS_MODULE=module, **variables)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_KEYS],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


OLD, OLDER, NEW = "old-key-" + "o" * 50, "older-key-" + "p" * 50, "new-key-" + "n" * 50


def test_old_keys_come_from_the_environment():
    loaded = load_keys(
        "config.settings.dev",
        DJANGO_SECRET_KEY=NEW,
        DJANGO_SECRET_KEY_FALLBACKS=f"{OLD},{OLDER}",
    )
    assert loaded == {"key": NEW, "fallbacks": [OLD, OLDER]}


def test_no_old_keys_unless_set():
    assert load_keys("config.settings.dev", DJANGO_SECRET_KEY=NEW)["fallbacks"] == []
