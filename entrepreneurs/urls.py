from django.urls import path

from entrepreneurs import views

app_name = "entrepreneurs"
urlpatterns = [
    path("orientation/<str:token>/", views.referral, name="referral"),
    path("orientation/<str:token>/envoyee/", views.referral_sent, name="referral_sent"),
]
