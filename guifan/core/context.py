"""The request (or command run) the current changes belong to. Kept apart from the models so that the `guifan`
command can set it before Django is set up."""

import contextvars
import uuid

request_id: contextvars.ContextVar = contextvars.ContextVar("guifan_request_id", default=None)


class changes_of:
    """Groups the changes made inside it under one request id (a web request, a command run, a job)."""

    def __init__(self, id_=None):
        self.request_id = id_ or uuid.uuid4()

    def __enter__(self):
        self._token = request_id.set(self.request_id)
        return self.request_id

    def __exit__(self, *exc):
        request_id.reset(self._token)
