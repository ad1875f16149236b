"""`guifan purge_files`: deletes the files the server keeps for a while once they are older than their time (the
import error workbooks: GUIFAN_ERROR_WORKBOOK_HOURS, default 24). Run it from cron, e.g. hourly, until the job
worker exists; storing a new error workbook runs it too."""

from django.core.management.base import BaseCommand

from guifan.core.spreadsheets.errors_workbook import keep_hours, purge_error_workbooks


class Command(BaseCommand):
    help = "Deletes import error workbooks older than GUIFAN_ERROR_WORKBOOK_HOURS (default 24)."

    def handle(self, *args, **options):
        deleted = purge_error_workbooks()
        self.stdout.write(f"Deleted {deleted} import error workbook(s) older than {keep_hours():g} hours.")
