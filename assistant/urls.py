from django.urls import path

from assistant import views

app_name = "assistant"

urlpatterns = [
    path("tro-ly/", views.ask, name="ask"),
    path("tro-ly/gui-cau-hoi/", views.escalate, name="escalate"),
]
