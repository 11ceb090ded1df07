from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete_account"),
]
