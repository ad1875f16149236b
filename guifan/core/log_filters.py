"""Logging filters (settings.LOGGING)."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A refused request (403, 404) is normal use: it is logged in one line, without the traceback Django attaches
    to it. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
