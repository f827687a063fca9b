from django.urls import path

from fengqiao.courts import views

app_name = "courts"
urlpatterns = [
    path("courts/", views.court_list, name="court_list"),
    path("courts/<int:pk>/", views.court_detail, name="court_detail"),
    path("recipients/", views.recipient_list, name="recipient_list"),
    path("recipients/new/", views.recipient_create, name="recipient_create"),
    path("recipients/<int:pk>/", views.recipient_detail, name="recipient_detail"),
]
