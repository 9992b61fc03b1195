from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("sessions/<int:pk>/roll-call/", views.roll_call, name="roll_call"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/signed-sheets/", views.upload_signed_sheet, name="upload_signed_sheet"),
    path("signed-sheets/<int:pk>/", views.signed_sheet, name="signed_sheet"),
    path("<int:pk>/signin-sheet.pdf", views.signin_sheet, name="signin_sheet"),
]
