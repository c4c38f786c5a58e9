from django.urls import path

from blocs import import_views, setup_views, views

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
    path("agencies/", setup_views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    # Setting up a province without the admin: agencies, officer accounts (blocs/setup_views.py).
    path("agencies/new/<int:province_pk>/", setup_views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/edit/", setup_views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/rename/", setup_views.agency_rename, name="agency_rename"),
    path("agencies/<int:pk>/end/", setup_views.agency_end, name="agency_end"),
    path("agencies/<int:pk>/reactivate/", setup_views.agency_reactivate, name="agency_reactivate"),
    path("accounts/", setup_views.account_list, name="accounts"),
    path("accounts/new/", setup_views.account_create, name="account_create"),
    path("accounts/<int:pk>/active/", setup_views.account_active, name="account_active"),
    path("accounts/<int:pk>/password/", setup_views.account_password, name="account_password"),
    path("import/<int:province_pk>/", import_views.bloc_import, name="bloc_import"),
    path("import/<int:province_pk>/template.xlsx", import_views.import_template, name="import_template"),
]
