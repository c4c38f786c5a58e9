"""Logging filters: refused requests are one line, real errors keep their traceback."""

import logging


class OneLineClientErrors(logging.Filter):
    """Drop the traceback Django attaches to 403 and 404 responses (``django.request``).

    A PermissionDenied or Http404 is the application working as designed; a replay of a few
    thousand refused requests must not bury the one real error in tracebacks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (400, 403, 404, 405):
            record.exc_info = None
            record.exc_text = None
        return True
