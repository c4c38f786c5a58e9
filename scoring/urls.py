from django.urls import path

from scoring import views

app_name = "scoring"

BY = "bloc/<int:pk>/<year:year>/"
urlpatterns = [
    path(BY, views.overview, name="overview"),
    path(BY + "movements/", views.movement_list, name="movements"),
    path(BY + "movements/new/", views.movement_create, name="movement_create"),
    path("province/<int:pk>/movements/", views.province_movements, name="province_movements"),
    path("province/<int:pk>/movements/new/", views.province_movement_create, name="province_movement_create"),
    path("movements/<int:pk>/edit/", views.movement_edit, name="movement_edit"),
    path("movements/<int:pk>/plan/", views.movement_plan, name="movement_plan"),
    path(BY + "covenant/", views.covenant, name="covenant"),
    path(BY + "covenant/edit/", views.covenant_edit, name="covenant_edit"),
    path(BY + "covenant/targets/new/", views.target_form, name="target_create"),
    path(BY + "covenant/targets/<int:target_pk>/", views.target_form, name="target_edit"),
    path(BY + "covenant/targets/<int:target_pk>/delete/", views.target_delete, name="target_delete"),
    path(BY + "covenant/pledges/<int:agency_pk>/", views.pledge_edit, name="pledge"),
    path("pledges/<int:pk>/file/", views.pledge_file, name="pledge_file"),
    path(BY + "table/", views.table_detail, name="table"),
    path(BY + "table/create/", views.table_create, name="table_create"),
    path(BY + "table/settings/", views.table_settings, name="table_settings"),
    path(BY + "table/groups/new/", views.group_form, name="group_create"),
    path(BY + "table/groups/<int:row_pk>/", views.group_form, name="group_edit"),
    path(BY + "table/criteria/new/", views.criterion_form, name="criterion_create"),
    path(BY + "table/criteria/<int:row_pk>/", views.criterion_form, name="criterion_edit"),
    path(BY + "table/items/new/", views.item_form, name="item_create"),
    path(BY + "table/items/<int:row_pk>/", views.item_form, name="item_edit"),
    path(BY + "table/<str:kind>/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path(BY + "sheets/<int:agency_pk>/", views.self_sheet, name="sheet"),
    path(BY + "sheets/<int:agency_pk>/submit/", views.sheet_submit, name="sheet_submit"),
    path(BY + "sheets/<int:agency_pk>/return/", views.sheet_return, name="sheet_return"),
    path(BY + "bloc-scores/<int:agency_pk>/", views.bloc_score, name="bloc_score"),
    path(BY + "cross-scores/<int:agency_pk>/", views.cross_score, name="cross_score"),
    path(BY + "ranking/", views.ranking, name="ranking"),
    path(BY + "ranking.xlsx", views.ranking_export, {"fmt": "xlsx"}, name="ranking_xlsx"),
    path(BY + "ranking.docx", views.ranking_export, {"fmt": "docx"}, name="ranking_docx"),
    path(BY + "finalise/", views.finalise, name="finalise"),
    path(BY + "history/", views.history, name="history"),
    path("scores/<int:pk>/file/", views.score_file, name="score_file"),
]
