"""Huddle and process control boards: the team's board, its live version, cards, counts, and
read-only screen links for a ward TV (the TV page needs no sign-in and shows no personal data)."""

from openqi.boards.views.board import board_detail, board_list, board_live
from openqi.boards.views.cards import card_create, card_edit, card_move, card_remove, card_removed, card_restore
from openqi.boards.views.counts import category_create, count_change
from openqi.boards.views.feeds import control_feed, control_feed_remove, control_feed_run
from openqi.boards.views.huddles import huddle_create, huddle_detail, huddle_list
from openqi.boards.views.screens import screen_board, screen_create, screen_list, screen_live, screen_revoke

__all__ = [
    "board_detail",
    "board_list",
    "board_live",
    "card_create",
    "card_edit",
    "card_move",
    "card_remove",
    "card_removed",
    "card_restore",
    "category_create",
    "control_feed",
    "control_feed_remove",
    "control_feed_run",
    "count_change",
    "huddle_create",
    "huddle_detail",
    "huddle_list",
    "screen_board",
    "screen_create",
    "screen_list",
    "screen_live",
    "screen_revoke",
]
