from django.urls import path

from fengqiao.feedback import views

app_name = "feedback"
urlpatterns = [
    path("feedback/", views.analysis, name="analysis"),
    path("feedback/lesson/", views.lesson, name="lesson"),
]
