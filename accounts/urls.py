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
    path("trusts/<str:ods_code>/team/", views.team, name="team"),
    path("trusts/<str:ods_code>/team/invite/", views.team_invite, name="team-invite"),
    path("trusts/<str:ods_code>/team/domains/", views.team_domains, name="team-domains"),
    path("trusts/<str:ods_code>/team/<int:pk>/", views.member, name="team-member"),
    path(
        "trusts/<str:ods_code>/team/<int:pk>/second-factor-reset/",
        views.member_second_factor_reset,
        name="team-member-second-factor-reset",
    ),
    path(
        "trusts/<str:ods_code>/team/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "trusts/<str:ods_code>/team/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("account/", views.account, name="account"),
    path("account/name/", views.account_name, name="account-name"),
    path("account/email/", views.account_email, name="account-email"),
    path("account/email/<str:token>/", views.account_email_confirm, name="email-confirm"),
    path("account/password/", views.account_password, name="account-password"),
    path("account/notifications/", views.account_notifications, name="notifications"),
    path(
        "account/sign-out-everywhere/",
        views.account_sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("switch-trust/", views.trust_switch, name="trust-switch"),
    path("admin-overview/", views.admin_overview, name="admin-overview"),
    path("audit-log/", views.audit_log, name="audit-log"),
    # Single sign-on (accounts/oidc.py): each answers 404 while it is not configured.
    path("oidc/authenticate/", views.SsoStartView.as_view(), name="sso-start"),
    path("oidc/callback/", views.SsoCallbackView.as_view(), name="sso-callback"),
    path("sign-in/not-recognised/", views.sso_not_recognised, name="sso-not-recognised"),
    path("sign-in/sso-failed/", views.sso_failed, name="sso-failed"),
    # The second factor: the code step of sign-in, and managing it from "Your account".
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("account/two-factor/", views.second_factor_setup, name="second-factor-setup"),
    path(
        "account/two-factor/recovery-codes/",
        views.second_factor_codes,
        name="second-factor-codes",
    ),
    path("account/two-factor/turn-off/", views.second_factor_off, name="second-factor-off"),
]
