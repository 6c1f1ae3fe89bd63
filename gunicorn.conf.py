"""gunicorn's settings, read from the working directory (the image's /app, `make load`).

The access log carries the request id and the user's id, never a query string (a case
search by a child's name travels in one), a name or a referrer (docs/security.md).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
graceful_timeout = 30

# Requests: a request line of 4 KB, 100 headers of 8 KB each at most. Bodies are capped by
# the application before it reads them (MAX_REQUEST_BODY, 12 MB); put the same cap on the
# proxy in front (nginx: client_max_body_size 12m).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
# %(U)s is the path without its query string; {sharing.user_id}e is set by
# accounts.middleware, the X-Request-ID header by audit.middleware.
access_log_format = (
    '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms '
    "request=%({x-request-id}o)s user=%({sharing.user_id}e)s"
)
