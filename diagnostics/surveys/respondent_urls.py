"""The respondent's pages, at /s/<wave-slug>/: anonymous, no sign-in."""

from django.urls import path

from diagnostics.surveys.views import respondent as views

app_name = "survey"

urlpatterns = [
    path("<slug:slug>/", views.survey_start, name="start"),
    path("<slug:slug>/section/<int:number>/", views.survey_section, name="section"),
    path("<slug:slug>/about-you/", views.survey_demographics, name="demographics"),
    path("<slug:slug>/check/", views.survey_check, name="check"),
    path("<slug:slug>/submit/", views.survey_submit, name="submit"),
    path("<slug:slug>/sent/", views.survey_sent, name="sent"),
    path("<slug:slug>/resume/", views.survey_resume, name="resume"),
    path("<slug:slug>/kiosk/", views.survey_kiosk, name="kiosk"),
]
