from django.urls import path

from fengqiao.suggestions import (
    case_picker,
    correction_views,
    deliberation_views,
    notification_views,
    precomm_views,
    views,
    workflow_views,
)

app_name = "suggestions"
urlpatterns = [
    path("suggestions/", views.register, name="register"),
    path("suggestions/new/", views.suggestion_new, name="new"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="detail"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("suggestions/<int:pk>/compare/", views.version_compare, name="compare"),
    path("suggestions/<int:pk>/act/<slug:action>/", views.suggestion_act, name="act"),
    path(
        "suggestions/<int:pk>/correct-date/",
        correction_views.correct_date,
        name="correct_date",
    ),
    path("suggestions/<int:pk>/letter.<str:fmt>", views.letter_download, name="letter"),
    path("suggestions/<int:pk>/forms/<slug:kind>.docx", views.form_download, name="form"),
    path("suggestions/<int:pk>/precomm/send/", precomm_views.send, name="precomm_send"),
    path("suggestions/<int:pk>/precomm/conclude/", precomm_views.conclude, name="precomm_conclude"),
    path(
        "suggestions/<int:pk>/consultation.docx",
        precomm_views.consultation_docx,
        name="consultation_docx",
    ),
    path(
        "suggestions/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("work/", views.my_work, name="my_work"),
    path("notifications/", notification_views.notifications, name="notifications"),
    path("workflows/", workflow_views.workflow_list, name="workflows"),
    path("workflows/<int:pk>/delete/", workflow_views.workflow_delete, name="workflow_delete"),
    path("clues/", views.clue_list, name="clue_list"),
    path("clues/new/", views.clue_new, name="clue_new"),
    path("clues/case-search/", case_picker.case_search_results, name="clue_case_search"),
    path("clues/case-pick/", case_picker.case_pick, name="clue_case_pick"),
    path("clues/<int:pk>/", views.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/agenda/", deliberation_views.put_on_agenda, name="clue_agenda"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
]
