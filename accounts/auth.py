def normalised_username(request, credentials) -> str:
    """The account an attempt was for, as sign-in matches it (e-mail ignoring case and
    spaces), so changing capitals cannot dodge the lockout. Used by django-axes."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return typed.strip().lower()
