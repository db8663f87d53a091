from django.urls import URLPattern, URLResolver, path

from quizzes import views_statistics

app_name = "quizzes"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "bai-kiem-tra/<id:quiz_id>/thong-ke/",
        views_statistics.statistics,
        name="statistics",
    ),
    path(
        "bai-kiem-tra/<id:quiz_id>/thong-ke/luot-lam-bai.csv",
        views_statistics.export_attempts_csv,
        name="export_attempts_csv",
    ),
    path(
        "bai-kiem-tra/<id:quiz_id>/thong-ke/cau-hoi.csv",
        views_statistics.export_questions_csv,
        name="export_questions_csv",
    ),
    path(
        "bai-kiem-tra/<id:quiz_id>/thong-ke.xlsx",
        views_statistics.export_xlsx,
        name="export_xlsx",
    ),
]
