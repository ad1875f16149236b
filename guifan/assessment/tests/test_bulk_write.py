"""A run writes its results in bulk and then gives the database planner their statistics (issue 8, item 3: bulk loads
left PostgreSQL without statistics); the JSON it writes as text reads back as the same values."""

import pytest
from django.db import connection

from guifan.assessment.actions import run_assessment
from guifan.assessment.models import OrganisationResult

from .conftest import YEAR, report

TABLE = OrganisationResult._meta.db_table


@pytest.mark.django_db(transaction=True)
def test_a_run_analyzes_the_tables_it_filled(two_counties, pack_version):
    report(two_counties["yangshuo"]["committee"], {"secretary_training_hours": 40})
    run = run_assessment(YEAR, pack_version=pack_version)  # outside any transaction: ANALYZE runs on commit
    run.refresh_from_db()
    assert "analyze" in run.timings
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
            assert cursor.fetchone()[0] == run.organisations
            cursor.execute("SELECT attname FROM pg_stats WHERE tablename = %s", [TABLE])
            sampled = {name for (name,) in cursor.fetchall()}
            assert {"run_id", "total"} <= sampled and "verdicts" not in sampled  # JSON is not sampled
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
            assert cursor.fetchone()[0] > 0


def test_verdicts_written_as_text_read_back_as_values(assessed):
    committee = OrganisationResult.objects.get(run=assessed["run"], organisation=assessed["yangshuo"]["committee"])
    assert committee.verdicts["R-TEAM-secretary-training"] == ["fail", 40.0, 56.0, 16.0]
    assert set(committee.pillar_scores) == {"ORG", "TEAM", "SVC", "ACT", "GUAR"}
    assert all(v is None or isinstance(v, float) for v in committee.pillar_scores.values())
    assert all(len(v) == 4 and v[0] in ("pass", "fail", "not_reported") for v in committee.verdicts.values())
