from django.urls import path

from fengqiao.publicity import views

app_name = "publicity"
urlpatterns = [
    path("publicity/", views.review_list, name="list"),
    path("publicity/new/", views.review_new, name="new"),
    path("publicity/<int:pk>/", views.review_detail, name="detail"),
    path("publicity/<int:pk>/act/<slug:action>/", views.review_act, name="act"),
    path("publicity/<int:pk>/released.txt", views.review_download, name="download"),
]
