from django.urls import path

from fengqiao.dashboard import annual_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("annual-report/", annual_views.annual_report, name="annual_report"),
    path("dashboard/charts/<slug:key>.xlsx", views.chart_xlsx, name="chart_xlsx"),
]
