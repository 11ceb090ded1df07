from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from tasks import health

# The admin signs in through allauth, so its rate limits and two-factor step apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("tasks.urls")),
]

handler500 = "todo_project.logging.server_error"
