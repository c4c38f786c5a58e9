"""Running the project's own scripts and commands in a subprocess, from the project's folder."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run(cmd, env, *, check=True) -> subprocess.CompletedProcess:
    """`cmd` with `env`, its output captured as text; with `check`, a non-zero exit fails the
    test with that output."""
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603 - the project's own scripts
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result
