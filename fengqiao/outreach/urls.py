from django.urls import path

from fengqiao.outreach import views

app_name = "outreach"
urlpatterns = [
    path("outreach/", views.index, name="index"),
    path("outreach/exports/", views.export_list, name="exports"),
    path("outreach/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("outreach/associations/", views.association_list, name="associations"),
    path("outreach/associations/<int:pk>/", views.association_edit, name="association_edit"),
    path("outreach/relays/", views.relay_list, name="relays"),
    path("outreach/relays/new/<int:entry_pk>/", views.relay_new, name="relay_new"),
    path("outreach/relays/<int:pk>/", views.relay_detail, name="relay_detail"),
    path("outreach/r/<str:token>/", views.link_detail, name="link"),
    path("outreach/r/<str:token>/ack/", views.link_acknowledge, name="link_ack"),
    path("outreach/r/<str:token>/docx/", views.link_docx, name="link_docx"),
]
