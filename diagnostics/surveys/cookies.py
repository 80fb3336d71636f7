"""Where a respondent's place in a survey is kept: a signed cookie scoped to that survey's
path, never the sign-in session. A staff member who is signed in and answers a survey
leaves nothing that ties their account to their draft or their response (docs/anonymity.md)."""

from django.conf import settings

DRAFT = "survey_draft"  # the draft's random token, signed


SENT = "survey_sent"  # "1" once this browser sent its answers: a re-POST is told so


KIOSK = "survey_kiosk"  # "1" on a shared ward computer


SALT = "diagnostics.survey-draft"


def _path(slug: str) -> str:
    return f"/s/{slug}/"


def _options(slug: str) -> dict:
    return {
        "path": _path(slug),
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


def draft_token(request) -> str | None:
    return request.get_signed_cookie(DRAFT, default=None, salt=SALT)


def remember_draft(response, *, slug: str, token: str, expires) -> None:
    response.set_signed_cookie(DRAFT, token, salt=SALT, expires=expires, **_options(slug))
    response.delete_cookie(SENT, path=_path(slug), samesite="Lax")


def forget_draft(response, *, slug: str) -> None:
    response.delete_cookie(DRAFT, path=_path(slug), samesite="Lax")


def mark_sent(response, *, slug: str) -> None:
    response.set_cookie(SENT, "1", max_age=60 * 60 * 24 * 90, **_options(slug))


def was_sent(request) -> bool:
    return request.COOKIES.get(SENT) == "1"


def is_kiosk(request) -> bool:
    return request.COOKIES.get(KIOSK) == "1"


def mark_kiosk(response, *, slug: str) -> None:
    response.set_cookie(KIOSK, "1", max_age=60 * 60 * 24 * 365, **_options(slug))
