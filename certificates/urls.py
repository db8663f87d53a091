from django.urls import URLPattern, URLResolver, path

from certificates import views, views_manage

app_name = "certificates"

urlpatterns: list[URLPattern | URLResolver] = [
    path("verify/", views.verify_index, name="verify_index"),
    path("verify/issuer.json", views.issuer, name="issuer"),
    path("verify/status/revocation.jwt", views.status_list, name="status_list"),
    path("verify/<code:code>/", views.verify, name="verify"),
    path("verify/<code:code>/credential.json", views.credential, name="credential"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("chung-chi/", views.mine, name="mine"),
    path("chung-chi/<code:code>/tai-ve/", views.download, name="download"),
    path("quan-ly/chung-chi/", views_manage.index, name="manage"),
    path("quan-ly/chung-chi/xuat/", views_manage.export, name="manage_export"),
    path("quan-ly/chung-chi/buoi/<id:pk>/", views_manage.session_rule, name="manage_session"),
    path("quan-ly/chung-chi/quy-tac/<id:pk>/", views_manage.rule_detail, name="manage_rule"),
    path(
        "quan-ly/chung-chi/so/<code:code>/",
        views_manage.certificate_detail,
        name="manage_certificate",
    ),
    path("quan-ly/chung-chi/tac-vu/<id:pk>/", views_manage.job_detail, name="manage_job"),
    path(
        "quan-ly/chung-chi/tac-vu/<id:pk>/trang-thai/",
        views_manage.job_status,
        name="manage_job_status",
    ),
    path(
        "quan-ly/chung-chi/tac-vu/<id:pk>/tiep-tuc/",
        views_manage.job_resume,
        name="manage_job_resume",
    ),
    path(
        "quan-ly/chung-chi/tac-vu/<id:pk>/tai-ve/",
        views_manage.job_download,
        name="manage_job_download",
    ),
]
