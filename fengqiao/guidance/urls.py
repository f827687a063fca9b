from django.urls import path

from fengqiao.guidance import views

app_name = "guidance"
urlpatterns = [
    path("guidance/", views.index, name="index"),
    path("guidance/comment/", views.comment_create, name="comment_new"),
    path("guidance/letters/<int:pk>/comment/", views.comment_create, name="comment_create"),
    path("guidance/comments/<int:pk>/<slug:action>/", views.comment_act, name="comment_act"),
    path("guidance/templates/", views.templates, name="templates"),
    path("guidance/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("guidance/figures/", views.figures, name="figures"),
    path("guidance/figures.xlsx", views.figures_export, name="figures_export"),
    path("guidance/exchanges/", views.exchanges, name="exchanges"),
    path("guidance/exchanges/new/", views.exchange_new, name="exchange_new"),
    path("guidance/exchanges/<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path("guidance/materials/<int:pk>/", views.material_download, name="material"),
]
