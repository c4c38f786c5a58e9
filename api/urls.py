from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from api import errors, pages, views

app_name = "api"
urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"),
    path("v1/docs/", pages.reference, name="reference"),
    path("v1/provinces/", views.ProvinceList.as_view(), name="provinces"),
    path("v1/provinces/<int:pk>/", views.ProvinceDetail.as_view(), name="province"),
    path("v1/agencies/", views.AgencyList.as_view(), name="agencies"),
    path("v1/agencies/<int:pk>/", views.AgencyDetail.as_view(), name="agency"),
    path("v1/blocs/", views.BlocList.as_view(), name="blocs"),
    path("v1/blocs/<int:pk>/", views.BlocDetail.as_view(), name="bloc"),
    path("v1/blocs/<int:pk>/ranking/<int:year>/", views.RankingView.as_view(), name="ranking"),
    path("v1/rosters/", views.RosterList.as_view(), name="rosters"),
    path("v1/periods/", views.PeriodList.as_view(), name="periods"),
    path("v1/periods/<int:pk>/", views.PeriodDetail.as_view(), name="period"),
    path("v1/submissions/", views.SubmissionList.as_view(), name="submissions"),
    path("v1/award-counts/", views.AwardCountList.as_view(), name="award_counts"),
    path("v1/conferences/", views.ConferenceList.as_view(), name="conferences"),
    path("v1/conferences/<int:pk>/", views.ConferenceDetail.as_view(), name="conference"),
    path("v1/reports/blocs/<int:pk>/<int:year>/<str:kind>/", views.BlocReportView.as_view(), name="bloc_report"),
    path("v1/reports/provinces/<int:pk>/<int:year>/<str:kind>/", views.RollupView.as_view(), name="rollup"),
    path("v1/reports/statutory/<int:pk>/<int:year>/", views.StatutoryView.as_view(), name="statutory"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.revoke, name="token_revoke"),
    # Anything else under /api/: a JSON 404, never the site's HTML page.
    re_path(r"^.*$", errors.not_found),
]
