"""Every periodic task, in one place (read by Celery beat)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
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
}
