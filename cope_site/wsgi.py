import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cope_site.settings.production")

# Django's application, behind the page cache's answer for pages this process keeps.
from cope_site.page_cache import PageCacheApplication  # noqa: E402 (needs the settings)

application = PageCacheApplication(get_wsgi_application())
