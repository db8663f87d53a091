from django.urls import URLPattern, URLResolver, path

from training.views import attendance, learner, manage, qa

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hoi-nghi/", learner.session_list, name="session_list"),
    path("hoi-nghi/<id:pk>/", learner.session_detail, name="session_detail"),
    path("hoi-nghi/<id:pk>/dang-ky/", learner.register, name="register"),
    path("hoi-nghi/<id:pk>/huy-dang-ky/", learner.cancel, name="cancel"),
    path("hoi-nghi/<id:pk>/dieu-hanh/", manage.run, name="run"),
    path("hoi-nghi/<id:pk>/dang-ky-can-bo/", manage.bulk_register, name="bulk_register"),
    path(
        "hoi-nghi/<id:pk>/dang-ky-can-bo/<id:batch_id>/hoan-tac/",
        manage.undo_bulk_register,
        name="undo_bulk_register",
    ),
    path("hoi-nghi/<id:pk>/duyet-dang-ky/", manage.approvals, name="approvals"),
    path("hoi-nghi/<id:pk>/khach-vang-lai/", manage.walk_ins, name="walk_ins"),
    path(
        "hoi-nghi/<id:pk>/khach-vang-lai/<id:walk_in_id>/lien-ket/",
        manage.link_walk_in,
        name="link_walk_in",
    ),
    path("hoi-nghi/<id:pk>/bao-cao/", manage.report, name="report"),
    path("hoi-nghi/<id:pk>/bao-cao.xlsx", manage.report_xlsx, name="report_xlsx"),
    path("hoi-nghi/<id:pk>/hoi-dap/", qa.questions, name="questions"),
    path("hoi-nghi/<id:pk>/hoi-dap/truc-tiep/", qa.host, name="host"),
    path("hoi-nghi/<id:pk>/hoi-dap/truc-tiep.json", qa.host_json, name="host_json"),
    path("hoi-nghi/phan/<id:part_id>/ma-diem-danh/", attendance.code_display, name="code"),
    path("hoi-nghi/phan/<id:part_id>/ma-diem-danh.json", attendance.code_json, name="code_json"),
    path("hoi-nghi/phan/<id:part_id>/quet-the/", attendance.scanner, name="scanner"),
    path("hoi-nghi/phan/<id:part_id>/danh-sach/", attendance.roster, name="roster"),
    path(
        "hoi-nghi/phan/<id:part_id>/bao-cao-truc-tuyen/",
        attendance.participant_import,
        name="participant_import",
    ),
    path(
        "hoi-nghi/phan/<id:part_id>/bao-cao-truc-tuyen/<id:job_id>/",
        attendance.participant_preview,
        name="participant_preview",
    ),
    path("hoi-dap/", qa.faq, name="faq"),
    path("hoi-dap/can-tra-loi/", qa.answer_queue, name="answer_queue"),
    path("hoi-dap/<id:question_id>/binh-chon/", qa.vote, name="vote"),
    path("hoi-dap/<id:question_id>/dieu-phoi/", qa.moderate, name="moderate"),
    path("hoi-dap/<id:question_id>/tra-loi/", qa.answer, name="answer"),
    path("diem-danh/", learner.check_in, name="check_in"),
    path("the-hoc-vien/", learner.learner_card, name="learner_card"),
]
