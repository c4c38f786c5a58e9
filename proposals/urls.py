from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.index, name="index"),
    path("bloc/<int:bloc_pk>/<year:year>/", views.bloc_year, name="bloc_year"),
    path("conference/<int:conference_pk>/create/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/items/new/", views.item_form, name="item_create"),
    path("<int:pk>/items/<int:item_pk>/", views.item_form, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/individuals.xlsx", views.individuals_template, name="individuals_template"),
    path("<int:pk>/individuals/upload/", views.individuals_upload, name="individuals_upload"),
    path("<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/documents/<int:document_pk>/delete/", views.document_delete, name="document_delete"),
    path("<int:pk>/to-trinh.docx", views.cover_letter, name="cover_letter"),
    path("<int:pk>/bien-ban.docx", views.minutes, name="minutes"),
    path("<int:pk>/kiem-phieu.docx", views.vote_count, name="vote_count"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/receive/", views.receive, name="receive"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/close/", views.close, name="close"),
    path("province/<int:pk>/<year:year>/", views.board, name="board"),
    path("province/<int:pk>/<year:year>/proposals.xlsx", views.board_xlsx, name="board_xlsx"),
    path("province/<int:pk>/<year:year>/draft-decision.docx", views.draft_decision, name="draft_decision"),
]
