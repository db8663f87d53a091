from django.urls import URLPattern, URLResolver, path

from reports import views, views_exports

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("quan-ly/", views.dashboard, name="dashboard"),
    path("quan-ly/tinh/<id:province_id>/", views.province, name="province"),
    path("quan-ly/don-vi/<id:unit_id>/", views.unit, name="unit"),
    path("quan-ly/hoc-vien/<id:user_id>/", views.person, name="person"),
    path("quan-ly/khoa-hoc/<id:course_id>/", views.course, name="course"),
    path("quan-ly/hoi-nghi/<id:session_id>/", views.session, name="session"),
    path("quan-ly/tro-ly/", views.assistant_questions, name="assistant"),
    path("quan-ly/xuat/", views_exports.export, name="export"),
    path("quan-ly/xuat/<uuid:job_id>/", views_exports.export_job, name="export_job"),
    path(
        "quan-ly/xuat/<uuid:job_id>/trang-thai/",
        views_exports.export_status,
        name="export_status",
    ),
    path(
        "quan-ly/xuat/<uuid:job_id>/tai-ve/", views_exports.export_download, name="export_download"
    ),
    path(
        "quan-ly/xuat/<uuid:job_id>/chay-lai/", views_exports.export_restart, name="export_restart"
    ),
]
