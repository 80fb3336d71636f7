"""Community pages: the directory, joining, stories, events and bright spots, and the
national admins' pages that run it. Thin: bind a form, call a service or selector, render.
Split by screen and re-exported here: urls.py reaches every view through community.views."""

from community.views.bright_spot_views import bright_spots
from community.views.directory_views import directory, directory_download
from community.views.event_views import (
    event_cancel,
    event_detail,
    event_ics,
    event_list,
    event_register,
)
from community.views.joining_views import application_status, join, join_new_trust
from community.views.membership_views import contact_consent, membership_leave, membership_settings
from community.views.national_admin_views import (
    admin_application,
    admin_applications,
    admin_attendance,
    admin_event_cancel,
    admin_event_create,
    admin_event_edit,
    admin_lapse,
    admin_members,
    admin_pilot,
    admin_stories,
    admin_story_publish,
    admin_story_return,
)
from community.views.story_views import (
    story_create,
    story_detail,
    story_edit,
    story_list,
    story_mine,
    story_submit,
)

__all__ = [
    "admin_application",
    "admin_applications",
    "admin_attendance",
    "admin_event_cancel",
    "admin_event_create",
    "admin_event_edit",
    "admin_lapse",
    "admin_members",
    "admin_pilot",
    "admin_stories",
    "admin_story_publish",
    "admin_story_return",
    "application_status",
    "bright_spots",
    "contact_consent",
    "directory",
    "directory_download",
    "event_cancel",
    "event_detail",
    "event_ics",
    "event_list",
    "event_register",
    "join",
    "join_new_trust",
    "membership_leave",
    "membership_settings",
    "story_create",
    "story_detail",
    "story_edit",
    "story_list",
    "story_mine",
    "story_submit",
]
