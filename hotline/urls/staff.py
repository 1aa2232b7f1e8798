from django.urls import path

from hotline.views.staff import roster, swaps

app_name = "hotline"

urlpatterns = [
    path("", roster.line_list, name="lines"),
    path("<uuid:line>/roster/", roster.roster, name="roster"),
    path("<uuid:line>/board/", roster.board, name="board"),
    path("<uuid:line>/shifts/cancel/", roster.shift_cancel, name="shift_cancel"),
    path("<uuid:line>/swaps/new/", swaps.swap_new, name="swap_new"),
    path("swaps/<uuid:swap>/<slug:action>/", swaps.swap_act, name="swap_act"),
]
