"""Read `.env` before anything picks a settings module, so every entry point sees the same values.

manage.py, the Celery app, WSGI and ASGI call `use_settings_module()` first. A
DJANGO_SETTINGS_MODULE from the process environment or from `.env` always wins; otherwise each
entry point names its own default (development for manage.py and Celery, production for WSGI and
ASGI). Importing `config.wsgi` imports the `config` package, and so the Celery app, first: the
WSGI default must still win over the Celery one, which is why the default we set is remembered.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

_default_we_set: str | None = None


def dotenv_path() -> Path:
    """`.env` at the project root, or the file DOORSTEP_ENV_FILE names (e.g. /etc/doorstep/env)."""
    return Path(os.environ.get("DOORSTEP_ENV_FILE") or BASE_DIR / ".env")


def read_dotenv() -> None:
    """Load the env file, if there is one, without overwriting what the environment already set."""
    path = dotenv_path()
    if path.is_file():
        environ.Env.read_env(path, overwrite=False)


def use_settings_module(default: str) -> str:
    """Pick DJANGO_SETTINGS_MODULE: the environment's or `.env`'s choice, else `default`."""
    global _default_we_set
    read_dotenv()
    current = os.environ.get("DJANGO_SETTINGS_MODULE")
    if not current or current == _default_we_set:
        os.environ["DJANGO_SETTINGS_MODULE"] = default
        _default_we_set = default
    return os.environ["DJANGO_SETTINGS_MODULE"]
