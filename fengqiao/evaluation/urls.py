from django.urls import path

from fengqiao.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.index, name="index"),
    path("evaluation/export.xlsx", views.export, name="export"),
    path("evaluation/row/", views.row_detail, name="row"),
    path("evaluation/letters/<int:pk>/", views.letter, name="letter"),
    path("evaluation/letters/<int:pk>/score/", views.score, name="score"),
    path("evaluation/rubrics/", views.rubrics, name="rubrics"),
    path("evaluation/recipients/", views.recipients, name="recipients"),
]
