from django.contrib.auth import views as auth_views
from django.urls import include, path

from fengqiao.api import api
from fengqiao.courts.login_form import LoginForm
from fengqiao.courts.views import AuditedPasswordChangeView

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", AuditedPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/", api.urls),
    path("", include("fengqiao.courts.urls")),
    path("", include("fengqiao.cases.urls")),
    path("", include("fengqiao.suggestions.urls")),
    path("", include("fengqiao.feedback.urls")),
    path("", include("fengqiao.publicity.urls")),
    path("", include("fengqiao.library.urls")),
    path("", include("fengqiao.mining.urls")),
    path("", include("fengqiao.audit.urls")),
    path("guide/", include("fengqiao.guide.urls")),
    path("", include("fengqiao.dashboard.urls")),
    path("", include("fengqiao.portal.urls")),
    path("", include("fengqiao.administration.urls")),
    path("", include("fengqiao.evaluation.urls")),
    path("", include("fengqiao.selection.urls")),
    path("", include("fengqiao.guidance.urls")),
    path("", include("fengqiao.outreach.urls")),
]
