"""Every periodic task, in one place (read by Celery beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Survey comments sent since the last run are filed apart from their responses, in one
    # shuffled batch (docs/anonymity.md); they are released at the survey's close.
    "file-waiting-comments": {
        "task": "diagnostics.tasks.file_waiting_comments",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Survey results: publish any closed wave's figures that a lost or failed task missed.
    "sweep-wave-results": {
        "task": "diagnostics.tasks.sweep_wave_results",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # Sector benchmarks from every trust's latest closed survey, nightly at 02:30.
    "refresh-sector-benchmarks": {
        "task": "diagnostics.tasks.refresh_sector_benchmarks",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 60 * 60},
    },
    # Surveys open and close on the minute their OD lead set.
    "advance-wave-statuses": {
        "task": "diagnostics.tasks.advance_wave_statuses",
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    # Login records carry client addresses; purge the old ones nightly at 03:15 London time.
    "purge-login-records": {
        "task": "accounts.tasks.purge_login_records",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 60 * 60},
    },
    # Action owners' weekly digest, Mondays at 07:00.
    "send-action-digests": {
        "task": "programmes.tasks.send_action_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "options": {"expires": 6 * 60 * 60},
    },
    # Notifications people chose to hear about weekly, in one e-mail, Mondays at 07:30.
    "send-notification-summaries": {
        "task": "core.tasks.send_notification_summaries",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
        "options": {"expires": 6 * 60 * 60},
    },
    # Curators hear of library resources past their review date, Mondays at 08:00.
    "remind-overdue-reviews": {
        "task": "resources.tasks.remind_overdue_reviews",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
        "options": {"expires": 6 * 60 * 60},
    },
    # E-mails left unsent by a broker or mail outage go out within 10 minutes.
    "send-pending-emails": {
        "task": "core.tasks.send_pending_emails",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 9 * 60},
    },
    # People booked on an event hear about it the day before (each once).
    "send-event-reminders": {
        "task": "community.tasks.send_event_reminders",
        "schedule": crontab(minute=5),
        "options": {"expires": 55 * 60},
    },
    # Raw survey answers past their retention period go at 03:30 London time (figures stay).
    "purge-raw-answers": {
        "task": "diagnostics.tasks.purge_raw_answers",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 60 * 60},
    },
}
