"""`guifan purge_files`: deletes the files the server keeps for a while once they are older than their time (the
import error workbooks: GUIFAN_ERROR_WORKBOOK_HOURS, default 24; the background jobs' files: GUIFAN_JOB_FILES_HOURS,
default 24) and fails the jobs whose worker died. The job worker does the same before each job, and storing a new
error workbook purges those; run it from cron (e.g. hourly) where days pass without either."""

from django.core.management.base import BaseCommand

from guifan.core.jobs import runner
from guifan.core.spreadsheets.errors_workbook import keep_hours, purge_error_workbooks


class Command(BaseCommand):
    help = "Deletes expired import error workbooks and job files; fails jobs whose worker died."

    def handle(self, *args, **options):
        deleted = purge_error_workbooks()
        self.stdout.write(f"Deleted {deleted} import error workbook(s) older than {keep_hours():g} hours.")
        self.stdout.write(f"Deleted {runner.prune()} expired job file(s); "
                          f"{runner.recover_stale()} interrupted job(s) marked failed.")
