from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from blocs.health import healthz
from reports.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("blocs/", include("blocs.urls")),
    path("awards/", include("awards.urls")),
    path("conferences/", include("conferences.urls")),
    path("scoring/", include("scoring.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
