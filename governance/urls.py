from django.urls import path

from governance import board_views

app_name = "governance"
urlpatterns = [
    path("board/", board_views.index, name="index"),
    path("board/mandates/", board_views.mandates, name="mandates"),
    path("board/meetings/<slug:reference>/", board_views.meeting, name="meeting"),
    path("board/meetings/<slug:reference>/minutes.pdf", board_views.minutes, name="minutes_pdf"),
    path("board/meetings/<slug:reference>/notice.pdf", board_views.notice, name="notice_pdf"),
    path(
        "board/meetings/<slug:reference>/signed-minutes.pdf",
        board_views.signed_minutes,
        name="signed_minutes",
    ),
]
