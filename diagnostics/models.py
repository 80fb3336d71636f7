"""Django finds an app's models in its `models` module: this one gathers the sub-packages'
models. Code imports each model from its own sub-package, never from here."""

from diagnostics.instruments.models import *  # noqa: F403
from diagnostics.records.models import *  # noqa: F403
from diagnostics.results.models import *  # noqa: F403
from diagnostics.surveys.models import *  # noqa: F403
