from django.urls import path

from fengqiao.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/quarantine/", views.quarantine_list, name="quarantine"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/similar/", views.case_similar, name="similar"),
]
