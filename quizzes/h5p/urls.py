from django.urls import URLPattern, URLResolver, path

from quizzes.h5p import views

app_name = "h5p"

urlpatterns: list[URLPattern | URLResolver] = [
    path("h5p/choi/<str:token>/", views.player, name="player"),
    path("h5p/tep/<str:token>/<path:path>", views.package_file, name="file"),
    path("h5p/ket-qua/", views.my_results, name="results"),
]
