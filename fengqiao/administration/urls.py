from django.urls import path

from fengqiao.administration import import_views, views

app_name = "administration"
urlpatterns = [
    path("admin-console/", views.index, name="index"),
    path("admin-console/users/", views.user_list, name="user_list"),
    path("admin-console/users/new/", views.user_create, name="user_create"),
    path("admin-console/users/<int:pk>/", views.user_detail, name="user_detail"),
    path(
        "admin-console/users/<int:pk>/deactivate/",
        views.user_deactivate,
        name="user_deactivate",
    ),
    path("admin-console/users/<int:pk>/activate/", views.user_activate, name="user_activate"),
    path("admin-console/users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path(
        "admin-console/users/<int:pk>/reset-password/",
        views.user_reset_password,
        name="user_reset_password",
    ),
    path(
        "admin-console/users/<int:pk>/tokens/new/",
        views.user_token_issue,
        name="user_token_issue",
    ),
    path(
        "admin-console/users/<int:pk>/tokens/<int:token_pk>/revoke/",
        views.user_token_revoke,
        name="user_token_revoke",
    ),
    path("admin-console/divisions/", views.division_list, name="division_list"),
    path(
        "admin-console/divisions/<int:pk>/rename/",
        views.division_rename,
        name="division_rename",
    ),
    path(
        "admin-console/divisions/<int:pk>/toggle/",
        views.division_toggle,
        name="division_toggle",
    ),
    path("admin-console/recipients/", views.recipient_list, name="recipient_list"),
    path("admin-console/recipients/new/", views.recipient_create, name="recipient_create"),
    path("admin-console/recipients/<int:pk>/", views.recipient_edit, name="recipient_edit"),
    path("admin-console/documents/", views.document_settings, name="document_settings"),
    path("admin-console/holidays/", views.holiday_schedules, name="holiday_schedules"),
    path("admin-console/seal/<int:court_pk>.png", views.seal_image, name="seal_image"),
    path(
        "admin-console/import/<str:kind>/template.xlsx",
        import_views.import_template,
        name="import_template",
    ),
    path("admin-console/import/<str:kind>/", import_views.import_upload, name="import_upload"),
    path(
        "admin-console/import/preview/<str:token>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path(
        "admin-console/import/preview/<str:token>/confirm/",
        import_views.import_confirm,
        name="import_confirm",
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/new/", views.account_token_issue, name="account_token_issue"),
    path(
        "account/tokens/<int:token_pk>/revoke/",
        views.account_token_revoke,
        name="account_token_revoke",
    ),
]
