from django.urls import path

from fengqiao.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("format-check/", views.format_check, name="format_check"),
]
