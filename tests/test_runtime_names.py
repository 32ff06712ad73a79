"""`bot.runtime` loads its helpers when first asked for; each name is the helper itself in a fresh process, even
where the helper shares its module's name (`doctor`: the CLI called the module and failed)."""

import subprocess
import sys

from tests.harness import ROOT

NAMES = ("doctor", "beat", "check", "stop_on_signals", "check_data_dir", "explain", "settle_startup_objects")


def test_every_runtime_name_is_a_callable_helper_not_its_module():
    probe = "; ".join(
        [f"from bot.runtime import {name}; assert callable({name}), {name!r}" for name in NAMES]
        + ["import bot.runtime as r; assert callable(r.doctor)"]
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
