"""Accounts pages, split by what they are for and re-exported for urls.py."""

from accounts.views.account import *  # noqa: F403
from accounts.views.second_factor import *  # noqa: F403
from accounts.views.sign_in import *  # noqa: F403
from accounts.views.sso import *  # noqa: F403
from accounts.views.team import *  # noqa: F403
from accounts.views.trusts import *  # noqa: F403
