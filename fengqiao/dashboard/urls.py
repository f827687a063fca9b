from django.urls import path

from fengqiao.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/charts/<slug:key>.xlsx", views.chart_xlsx, name="chart_xlsx"),
]
