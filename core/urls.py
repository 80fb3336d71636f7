from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("for-you/", views.for_you, name="for-you"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("healthz", views.healthz, name="healthz"),
]
