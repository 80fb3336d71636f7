from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("start/", views.landing, name="landing"),
    path("trusts/<str:ods_code>/", views.trust_detail, name="trust-detail"),
    path("trusts/<str:ods_code>/export/", views.trust_export, name="trust-export"),
    path("switch-trust/", views.trust_switch, name="trust-switch"),
    path("admin-overview/", views.admin_overview, name="admin-overview"),
    path("audit-log/", views.audit_log, name="audit-log"),
    # Single sign-on (accounts/oidc.py): each answers 404 while it is not configured.
    path("oidc/authenticate/", views.SsoStartView.as_view(), name="sso-start"),
    path("oidc/callback/", views.SsoCallbackView.as_view(), name="sso-callback"),
    path("sign-in/not-recognised/", views.sso_not_recognised, name="sso-not-recognised"),
    path("sign-in/sso-failed/", views.sso_failed, name="sso-failed"),
]
