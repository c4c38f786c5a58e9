from django.urls import path

from blocs import views

app_name = "blocs"
urlpatterns = [
    path("", views.bloc_list, name="list"),
    path("new/<int:province_pk>/", views.bloc_create, name="create"),
    path("<int:pk>/", views.bloc_detail, name="detail"),
    path("<int:pk>/edit/", views.bloc_edit, name="edit"),
    path("<int:pk>/roster/<year:year>/", views.roster_edit, name="roster_edit"),
    path("<int:pk>/roster/<year:year>/history/", views.roster_history, name="roster_history"),
    path("<int:pk>/prepare/<year:year>/", views.prepare_next_year, name="prepare_next_year"),
    path("<int:pk>/regulation/<year:year>/", views.regulation_edit, name="regulation_edit"),
    path("<int:pk>/regulation/<year:year>/file/", views.regulation_file, name="regulation_file"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
]
