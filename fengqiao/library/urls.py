from django.urls import path

from fengqiao.library import views

app_name = "library"
urlpatterns = [
    path("library/", views.library_search, name="search"),
    path("library/<int:pk>/", views.entry_detail, name="detail"),
    path("library/review/", views.review_list, name="review_list"),
    path("library/review/<int:pk>/", views.review_detail, name="review"),
    path("library/review/<int:pk>/act/<slug:action>/", views.review_act, name="act"),
    path("library/settings/", views.settings_update, name="settings"),
]
