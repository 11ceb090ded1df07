"""The ceiling for the benchmark: a bare Django view rendering a 50-row template.

No database, no middleware, nothing of the app: served by the same gunicorn settings, it
shows what Django's request handling and template engine alone cost on this machine.
"""

from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.shortcuts import render
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    TEMPLATES=[
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [Path(__file__).parent / "templates"]}
    ],
)
django.setup()

ROWS = [{"id": i, "title": f"Task number {i} with a realistic length", "completed": i % 3 == 0} for i in range(50)]


def bare(request):
    return render(request, "bare.html", {"rows": ROWS})


urlpatterns = [path("", bare)]
application = get_wsgi_application()
