def normalised_username(request, credentials) -> str | None:
    """The account an attempt was for, as sign-in matches it (e-mail ignoring case and
    spaces), so changing capitals cannot dodge the lockout. Used by django-axes.

    None when nothing was typed (a single sign-on callback): axes then counts no failure,
    where an empty name would be one account whose lock shut out every such sign-in."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return typed.strip().lower() or None
