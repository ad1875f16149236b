"""A pytest plugin (pyproject's addopts `-p guifan.core.pytest_keys`): the test run uses the development keys with
DEBUG off, as production runs; loaded before Django's settings are read, and inherited by subprocesses."""

import os

os.environ.setdefault("GUIFAN_DEVELOPMENT_KEYS", "1")
