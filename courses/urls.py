from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("khoa-hoc-cua-toi/", views.my_courses, name="my_courses"),
    path("khoa-hoc-cua-toi/<id:pk>/", views.enrolment_progress, name="enrolment_progress"),
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/<code:code>/", views.task_detail, name="task_detail"),
    path("quan-ly/ghi-danh/", views.bulk_enrol, name="bulk_enrol"),
    path("quan-ly/ghi-danh/<id:pk>/hoan-tac/", views.undo_bulk_enrol, name="undo_bulk_enrol"),
]
