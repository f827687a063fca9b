from django.urls import path

from fengqiao.mining import hotspot_views, views

app_name = "mining"
urlpatterns = [
    path("backtrace/", views.run_list, name="backtrace_list"),
    path("backtrace/<int:pk>/", views.run_detail, name="backtrace_detail"),
    path("hotspots/", hotspot_views.hotspot_list, name="hotspots"),
    path("hotspots/<int:pk>/", hotspot_views.hotspot_detail, name="hotspot_detail"),
    path("hotspots/<int:pk>/clue/", hotspot_views.hotspot_to_clue, name="hotspot_clue"),
    path("entities/", hotspot_views.entity_list, name="entities"),
    path("entities/members/", hotspot_views.entity_members, name="entity_members"),
    path("entities/decide/", hotspot_views.entity_decide, name="entity_decide"),
    path("entities/report/", hotspot_views.entity_report, name="entity_report"),
    path("entities/report/<int:pk>/", hotspot_views.health_check_pdf, name="health_check_pdf"),
    path(
        "entities/report/<int:pk>/pdf/",
        hotspot_views.health_check_pdf_download,
        name="health_check_pdf_download",
    ),
]
