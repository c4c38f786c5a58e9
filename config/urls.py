from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from blocs.health import healthz
from blocs.years import YearConverter
from reports.views import home

# Registered before the apps' URLconfs are included: they use `<year:year>`.
register_converter(YearConverter, "year")

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
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
