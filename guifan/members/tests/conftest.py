import pytest


@pytest.fixture(autouse=True)
def error_workbooks_in_tmp(settings, tmp_path):
    """Error workbooks of imports are kept under DATA_DIR: never the shared one during tests."""
    settings.DATA_DIR = tmp_path
