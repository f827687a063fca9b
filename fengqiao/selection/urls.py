from django.urls import path

from fengqiao.selection import views

app_name = "selection"
urlpatterns = [
    path("selection/", views.round_list, name="list"),
    path("selection/new/", views.round_open, name="open"),
    path("selection/<int:pk>/", views.round_detail, name="detail"),
    path("selection/<int:pk>/act/<slug:action>/", views.round_act, name="act"),
    path("selection/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("selection/<int:pk>/nominations/<int:nid>/withdraw/", views.withdraw, name="withdraw"),
    path("selection/<int:pk>/reviews/<int:rid>/", views.review, name="review"),
    path("selection/<int:pk>/results/", views.results, name="results"),
    path("selection/<int:pk>/results.docx", views.results_docx, name="results_docx"),
    path("selection/<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
]
