from django.urls import path

from api import views
from api.v1 import api

app_name = "api"

urlpatterns = [
    path("accounts/tokens/", views.TokensView.as_view(), name="tokens"),
    path("api/v1/docs", views.docs, name="docs"),
    path("api/v1/", api.urls),
]
