from django.urls import path

from fengqiao.publicity import draft_views, public_views, views

app_name = "publicity"
urlpatterns = [
    path("publicity/", views.review_list, name="list"),
    path("publicity/new/", views.review_new, name="new"),
    path("publicity/<int:pk>/", views.review_detail, name="detail"),
    path("publicity/<int:pk>/act/<slug:action>/", views.review_act, name="act"),
    path("publicity/<int:pk>/released.txt", views.review_download, name="download"),
    # 宣传稿 (issue 16)
    path("publicity/drafts/", draft_views.draft_list, name="drafts"),
    path("publicity/drafts/new/", draft_views.draft_new, name="draft_new"),
    path("publicity/drafts/<int:pk>/", draft_views.draft_detail, name="draft"),
    path("publicity/drafts/<int:pk>/edit/", draft_views.draft_edit, name="draft_edit"),
    path("publicity/drafts/<int:pk>/act/<slug:action>/", draft_views.draft_act, name="draft_act"),
    path("publicity/drafts/<int:pk>/wechat.html", draft_views.draft_wechat_html, name="draft_html"),
    path("publicity/drafts/<int:pk>/draft.docx", draft_views.draft_docx, name="draft_docx"),
    path("publicity/drafts/<int:pk>/draft.txt", draft_views.draft_txt, name="draft_txt"),
    path("publicity/drafts/<int:pk>/chart.png", draft_views.draft_chart, name="draft_chart"),
    path("publicity/calendar/", draft_views.calendar_view, name="calendar"),
    path("publicity/drafts.xlsx", draft_views.drafts_xlsx, name="drafts_xlsx"),
    path("publicity/templates/", draft_views.template_list, name="templates"),
    path("publicity/templates/<slug:channel>/", draft_views.template_edit, name="template"),
    path("publicity/chain/", draft_views.chain_edit, name="chain"),
    # the public page (no login)
    path("gongkai/<str:code>/", public_views.public_list, name="public"),
    path("gongkai/<str:code>/<int:pk>/", public_views.public_detail, name="public_item"),
    path("gongkai/<str:code>/<int:pk>/chart.png", public_views.public_chart, name="public_chart"),
]
