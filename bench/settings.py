"""Settings of `make bench` (bench/run.py): production's, with two changes.

- Tasks run at once, in the request, instead of waiting in the database queue for a
  worker: a registration's purge of its event page reaches the bench's Varnish before
  the POST is answered, and no worker process has to run beside the app servers. Its
  e-mail is built in the request too, so the POST does a little more than in
  production, never less.
- E-mails go to Django's dummy mailer: nothing is printed, nothing leaves the machine.
"""

from cope_site.settings.production import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
