from django.urls import path

from fengqiao.courts import registry_views, views

app_name = "courts"
urlpatterns = [
    path("courts/", views.court_list, name="court_list"),
    path("courts/<int:pk>/", views.court_detail, name="court_detail"),
    path("courts/registry/", registry_views.registry_browse, name="registry"),
    path("courts/registry/new/", registry_views.registry_register, name="registry_register"),
    path("courts/registry/<int:pk>/edit/", registry_views.registry_edit, name="registry_edit"),
    path("recipients/", views.recipient_list, name="recipient_list"),
    path("recipients/new/", views.recipient_create, name="recipient_create"),
    path("recipients/<int:pk>/", views.recipient_detail, name="recipient_detail"),
]
