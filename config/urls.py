from django.contrib import admin
from django.urls import include, path, register_converter

from blocs import views as bloc_views
from blocs.health import healthz
from blocs.years import YearConverter
from reports.views import home

handler400 = "blocs.views.bad_request"

# Registered before the apps' URLconfs are included: they use `<year:year>`.
register_converter(YearConverter, "year")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", bloc_views.LoginView.as_view(), name="login"),
    path("accounts/password_change/", bloc_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        bloc_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/lockouts/", bloc_views.lockouts, name="lockouts"),
    # Django's own logout, password change done and password reset views, with our templates.
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("blocs/", include("blocs.urls")),
    path("awards/", include("awards.urls")),
    path("conferences/", include("conferences.urls")),
    path("scoring/", include("scoring.urls")),
    path("proposals/", include("proposals.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", bloc_views.favicon),
]
