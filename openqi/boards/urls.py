from django.urls import path

from openqi.boards import views

app_name = "boards"

BOARD = "o/<slug:org_slug>/boards/<int:team_id>/"

urlpatterns = [
    path("o/<slug:org_slug>/boards/", views.board_list, name="board_list"),
    path(BOARD, views.board_detail, name="board_detail"),
    path(f"{BOARD}live/", views.board_live, name="board_live"),
    path(f"{BOARD}cards/new/", views.card_create, name="card_create"),
    path(f"{BOARD}cards/<int:card_id>/move/", views.card_move, name="card_move"),
    path(f"{BOARD}cards/<int:card_id>/edit/", views.card_edit, name="card_edit"),
    path(f"{BOARD}cards/<int:card_id>/remove/", views.card_remove, name="card_remove"),
    path(f"{BOARD}cards/<int:card_id>/restore/", views.card_restore, name="card_restore"),
    path(f"{BOARD}cards/removed/", views.card_removed, name="card_removed"),
    path(f"{BOARD}counts/new/", views.category_create, name="category_create"),
    path(f"{BOARD}counts/<int:category_id>/", views.count_change, name="count_change"),
    path(f"{BOARD}counts/<int:category_id>/feed/", views.control_feed, name="control_feed"),
    path(f"{BOARD}counts/<int:category_id>/feed/run/", views.control_feed_run, name="control_feed_run"),
    path(f"{BOARD}counts/<int:category_id>/feed/remove/", views.control_feed_remove, name="control_feed_remove"),
    path(f"{BOARD}huddles/", views.huddle_list, name="huddle_list"),
    path(f"{BOARD}huddles/new/", views.huddle_create, name="huddle_create"),
    path(f"{BOARD}huddles/<int:log_id>/", views.huddle_detail, name="huddle_detail"),
    path(f"{BOARD}screens/", views.screen_list, name="screen_list"),
    path(f"{BOARD}screens/new/", views.screen_create, name="screen_create"),
    path(f"{BOARD}screens/<int:link_id>/revoke/", views.screen_revoke, name="screen_revoke"),
    path("b/<str:token>/", views.screen_board, name="screen_board"),
    path("b/<str:token>/live/", views.screen_live, name="screen_live"),
]
