"""The diagnostics namespace: each sub-package lists its own pages."""

from diagnostics.instruments.urls import urlpatterns as instrument_patterns
from diagnostics.records.urls import urlpatterns as record_patterns
from diagnostics.results.urls import urlpatterns as result_patterns
from diagnostics.surveys.urls import urlpatterns as survey_patterns

app_name = "diagnostics"

urlpatterns = survey_patterns + result_patterns + instrument_patterns + record_patterns
