from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("directory.csv", views.directory_download, name="directory-download"),
    path("join/", views.join, name="join"),
    path("join/new-trust/", views.join_new_trust, name="join-new-trust"),
    path("applications/<str:token>/", views.application_status, name="application"),
    path("trusts/<str:ods_code>/membership/", views.membership_settings, name="membership"),
    path("trusts/<str:ods_code>/leave/", views.membership_leave, name="leave"),
    path("contact/", views.contact_consent, name="contact-consent"),
    path("stories/", views.story_list, name="stories"),
    path("stories/new/", views.story_create, name="story-new"),
    path("stories/mine/", views.story_mine, name="stories-mine"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story-edit"),
    path("stories/<int:pk>/submit/", views.story_submit, name="story-submit"),
    path("events/", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/register/", views.event_register, name="event-register"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event-cancel"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event-ics"),
    path("bright-spots/", views.bright_spots, name="bright-spots"),
    path("manage/applications/", views.admin_applications, name="admin-applications"),
    path("manage/applications/<int:pk>/", views.admin_application, name="admin-application"),
    path("manage/members/", views.admin_members, name="admin-members"),
    path("manage/members/<int:pk>/lapse/", views.admin_lapse, name="admin-lapse"),
    path("manage/members/<int:pk>/pilot/", views.admin_pilot, name="admin-pilot"),
    path("manage/stories/", views.admin_stories, name="admin-stories"),
    path("manage/stories/<int:pk>/publish/", views.admin_story_publish, name="admin-story-publish"),
    path("manage/stories/<int:pk>/return/", views.admin_story_return, name="admin-story-return"),
    path("manage/events/new/", views.admin_event_create, name="admin-event-new"),
    path("manage/events/<int:pk>/edit/", views.admin_event_edit, name="admin-event-edit"),
    path("manage/events/<int:pk>/cancel/", views.admin_event_cancel, name="admin-event-cancel"),
    path(
        "manage/events/<int:pk>/attendance/",
        views.admin_attendance,
        name="admin-attendance",
    ),
]
