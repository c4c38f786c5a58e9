from django.urls import path

from conferences import views

app_name = "conferences"
urlpatterns = [
    path("bloc/<int:bloc_pk>/<year:year>/", views.conference_list, name="list"),
    path("bloc/<int:bloc_pk>/<year:year>/new/", views.conference_create, name="create"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/edit/", views.conference_edit, name="edit"),
    path("<int:pk>/delete/", views.conference_delete, name="delete"),
    path("<int:pk>/history/", views.conference_history, name="history"),
    path("<int:pk>/print/", views.conference_print, name="print"),
    path("<int:pk>/minutes.docx", views.conference_docx, name="docx"),
    path("<int:pk>/votes/new/", views.vote_create, name="vote_create"),
    path("<int:pk>/votes/<int:vote_pk>/", views.vote_edit, name="vote_edit"),
    path("<int:pk>/votes/<int:vote_pk>/delete/", views.vote_delete, name="vote_delete"),
    path("<int:pk>/election/", views.election_edit, name="election"),
    path("<int:pk>/files/new/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/files/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
