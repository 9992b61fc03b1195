from django.urls import path

from funding import views

app_name = "funding"
urlpatterns = [
    path("funding/documents/<int:pk>/", views.agreement_document, name="document"),
]
