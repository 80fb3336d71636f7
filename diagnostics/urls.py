# The url namespace is reserved here; the pages arrive with the issue that builds this app.
app_name = "diagnostics"

urlpatterns = []
