# gunicorn reads this file from the folder it is started in (bin/prod-run starts it in
# the repository); elsewhere, pass it with `gunicorn -c /path/to/gunicorn.conf.py`.
# Access and error lines without manage tokens, search text or e-mail addresses
# (docs/operations.md, "What is logged").
logger_class = "cope_site.gunicorn_logging.RedactingLogger"
