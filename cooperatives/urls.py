from django.urls import path

from cooperatives import views

app_name = "cooperatives"
urlpatterns = [
    path("followups/", views.followups, name="followups"),
]
