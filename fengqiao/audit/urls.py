from django.urls import path

from fengqiao.audit import views

app_name = "audit"
urlpatterns = [path("audit/", views.audit_list, name="list")]
