"""The dist check's tests (tools/dist-check) drive the installed packages with
the end-to-end tests' fixtures and helpers: tools/dist-check points
$STEERCO_APP_BIN and $STEERCO_CLI_BIN at the installed binaries, so
tests/e2e/conftest.py launches those. That file is loaded here under a name of
its own, since pytest imports this file as `conftest` too.
"""

import importlib.util
import sys
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
sys.path.insert(0, str(E2E))  # for its own imports (locks.py)
_spec = importlib.util.spec_from_file_location("e2e_conftest", E2E / "conftest.py")
e2e = importlib.util.module_from_spec(_spec)
sys.modules["e2e_conftest"] = e2e
_spec.loader.exec_module(e2e)

# The fixture pytest finds here (launch_app needs only the built-in tmp_path).
launch_app = e2e.launch_app
