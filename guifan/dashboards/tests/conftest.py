"""The assessed register of the assessment tests (two counties, one official run of 2018) for the dashboards."""

from guifan.assessment.tests.conftest import assessed, pack_version  # noqa: F401 (fixtures)
