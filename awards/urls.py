from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("", views.period_list, name="periods"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.board, name="board"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period_reopen"),
    path("periods/<int:pk>/agencies/<int:agency_pk>/", views.grid, name="grid"),
    path("periods/<int:pk>/agencies/<int:agency_pk>/template.xlsx", views.download_template, name="template"),
    path("periods/<int:pk>/agencies/<int:agency_pk>/upload/", views.upload, name="upload"),
    # A bloc's own totals ("Toàn khối"), entered by Home Affairs through the same grid.
    path("periods/<int:pk>/blocs/<int:bloc_pk>/", views.grid, name="grid_bloc"),
    path("periods/<int:pk>/blocs/<int:bloc_pk>/template.xlsx", views.download_template, name="template_bloc"),
    path("periods/<int:pk>/blocs/<int:bloc_pk>/upload/", views.upload, name="upload_bloc"),
    path("submissions/<int:pk>/accept/", views.submission_accept, name="accept"),
    path("submissions/<int:pk>/return/", views.submission_return, name="return"),
    path("submissions/<int:pk>/history/", views.submission_history, name="history"),
]
