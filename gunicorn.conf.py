"""gunicorn settings every start of the store shares (the Procfile, the systemd unit of docs/deployment.md, the
bench): an access log that records paths without their query strings, so no order key, token or secret a URL carries
is written down.

`%(U)s` is the path alone; the request line (`%(r)s`), the query (`%(q)s`) and the referrer (`%(f)s`, another
page's URL) are left out on purpose.
"""

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'
