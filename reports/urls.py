from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("bloc/<int:pk>/<year:year>/<str:period>/", views.bloc_report, name="bloc"),
    path("bloc/<int:pk>/<year:year>/<str:period>/<str:fmt>/", views.bloc_report, name="bloc_export"),
    path("province/<int:pk>/<year:year>/<str:period>/", views.province_rollup, name="rollup"),
    path("province/<int:pk>/<year:year>/<str:period>/<str:fmt>/", views.province_rollup, name="rollup_export"),
    path("statutory/<int:pk>/<year:year>/", views.statutory, name="statutory"),
    path("statutory/<int:pk>/<year:year>/<str:fmt>/", views.statutory, name="statutory_export"),
    path("details/bloc/<int:pk>/<year:year>/<str:period>/", views.bloc_meta, name="bloc_meta"),
    path("details/province/<int:pk>/<year:year>/<str:kind>/", views.province_meta, name="province_meta"),
]
