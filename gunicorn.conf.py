"""gunicorn settings for production; every value can be overridden by environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Without Redis, sessions, visitor state, locks (and an embedded sandbox) live in each
# process's memory: one process, many threads. With REDIS_URL, processes share them.
workers = int(os.environ.get("GUNICORN_WORKERS", "3" if os.environ.get("REDIS_URL") else "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "4" if os.environ.get("REDIS_URL") else "8"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The request id lets an access line be matched to the app's own log lines and to WHMCS.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
