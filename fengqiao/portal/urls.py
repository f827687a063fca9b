from django.urls import path

from fengqiao.portal import views

app_name = "portal"
urlpatterns = [
    path("portal/", views.letter_list, name="list"),
    path("portal/letters/<int:pk>/", views.letter_detail, name="detail"),
    path("portal/letters/<int:pk>/docx/", views.letter_docx, name="docx"),
    path("portal/letters/<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("portal/letters/<int:pk>/notice/", views.notice_docx, name="notice"),
    path("portal/letters/<int:pk>/draft/", views.draft_docx, name="draft"),
    path(
        "portal/letters/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("portal/l/<str:token>/", views.link_detail, name="link"),
    path("portal/l/<str:token>/docx/", views.link_docx, name="link_docx"),
    path("portal/l/<str:token>/pdf/", views.link_pdf, name="link_pdf"),
    path("portal/l/<str:token>/notice/", views.link_notice, name="link_notice"),
    path("portal/l/<str:token>/draft/", views.link_draft, name="link_draft"),
    path(
        "portal/l/<str:token>/attachments/<int:attachment_id>/",
        views.link_attachment,
        name="link_attachment",
    ),
]
