"""The layering in `.importlinter` holds, and would catch the imports it is there to refuse.

`make lint` runs `lint-imports` on the tree; these tests also run it on a copy of the tree with
one forbidden import added, to show each contract fails when it should.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
ROOT_PACKAGES = ("config", "crm", "demo", "forms", "home", "myaccount", "search", "services")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path):
    """The project's Python packages (no templates or static files) and its contracts."""
    for package in ROOT_PACKAGES:
        shutil.copytree(
            BASE_DIR / package,
            tmp_path / package,
            ignore=lambda folder, names: [
                name
                for name in names
                if not name.endswith(".py")
                and not (Path(folder) / name).is_dir()
                or name == "__pycache__"
            ],
        )
    shutil.copy(BASE_DIR / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_tree_keeps_its_import_contracts():
    result = lint_imports(BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("crm/cases/leak.py", "import forms.selectors\n", "The CRM imports none of the apps"),
        ("crm/cases/leak.py", "import myaccount.views\n", "The CRM imports none of the apps"),
        ("forms/leak.py", "from crm.cases.models import Case\n", "through its public modules"),
        ("myaccount/leak.py", "from crm.cases import tracking\n", "through its public modules"),
        (
            "home/leak.py",
            "from crm.cases.services.opening import open_case\n",
            "through its public modules",
        ),
        ("forms/leak.py", "from crm.notifications import tasks\n", "through its public modules"),
        ("home/leak.py", "import demo.cases\n", "never imports the demo package"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tree_copy, module, source, broken):
    assert lint_imports(tree_copy).returncode == 0
    (tree_copy / module).write_text(source)

    result = lint_imports(tree_copy)

    assert result.returncode == 1
    assert broken in result.stdout
    assert "BROKEN" in result.stdout
