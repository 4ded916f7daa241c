"""gunicorn for a public site, behind nginx (deploy/nginx/sasaeai.conf); docs/deploy.md.

    gunicorn sasaeai.wsgi -c deploy/gunicorn.conf.py

Loopback only: nginx is the one client, so a slow or half-open connection waits in nginx's
buffers, never in a worker. Threads let a worker answer while another request in it waits
on the database.
"""

import os

bind = os.environ.get("SASAEAI_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("SASAEAI_WORKERS", "3"))  # 2 cores: 2 × cores − 1
# gthread with a time limit on each socket read and write (SASAEAI_SOCKET_TIMEOUT, 20 s):
# nginx buffers clients already, this is the second line (sasaeai/lib/slowclients.py).
worker_class = "sasaeai.lib.slowclients.ThreadWorker"
threads = int(os.environ.get("SASAEAI_THREADS", "4"))
timeout = 120  # a whole-city booklet can take a minute (nginx waits as long: proxy_read_timeout)
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then keeps the memory of PDF rendering (WeasyPrint) bounded.
max_requests = 1000
max_requests_jitter = 100
# Requests from nginx only; X-Forwarded-Proto is believed from it (Django reads it too:
# SASAEAI_BEHIND_PROXY), the client's address comes from X-Forwarded-For through
# SASAEAI_TRUSTED_PROXIES (sasaeai/lib/clientaddress.py).
forwarded_allow_ips = "127.0.0.1,::1"
limit_request_line = 8190
# Logs in /var/log/sasaeai (deploy/logrotate/sasaeai rotates them; USR1 reopens them).
# The client's address is the one nginx saw, kept 14 days.
logs = os.environ.get("SASAEAI_LOG_DIR", "/var/log/sasaeai")
accesslog = f"{logs}/access.log"
errorlog = f"{logs}/error.log"
access_log_format = '%({x-forwarded-for}i)s - %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
capture_output = True  # Django's warnings (stderr) into error.log
