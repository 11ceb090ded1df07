from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from todo_project import health
from todo_project.admin import two_factor_required

# The admin signs in through allauth, so its rate limits and two-factor step apply there too,
# and staff without two-factor are sent to set it up before any admin page.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.admin_view = two_factor_required(admin.site.admin_view)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): the app's icon."""
    return HttpResponsePermanentRedirect(static("icons/icon-192.png"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("reminders.urls")),
    path("", include("interchange.urls")),
    path("", include("api.urls")),
    path("", include("tasks.urls")),
]

handler500 = "todo_project.logging.server_error"
