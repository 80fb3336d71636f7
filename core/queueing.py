"""How the portal hands work to Celery from inside a request."""

# One immediate retry only: it replaces a pooled broker connection that went stale when Redis
# restarted (found by `make faults`), and a request never waits on a broker that is down.
PUBLISH_ONCE_MORE = {"max_retries": 1, "interval_start": 0, "interval_step": 0, "interval_max": 0}
