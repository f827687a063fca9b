from django.urls import path

from fengqiao.mining import views

app_name = "mining"
urlpatterns = [
    path("backtrace/", views.run_list, name="backtrace_list"),
    path("backtrace/<int:pk>/", views.run_detail, name="backtrace_detail"),
]
