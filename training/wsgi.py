"""WSGI entry point; gunicorn serves `training.wsgi:application` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.production")
application = get_wsgi_application()
