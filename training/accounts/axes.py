def username_from_request(request, credentials=None) -> str | None:
    """The username as sign-in compares it (trimmed, lower case), so TX001 and tx001
    share one lock-out counter."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if username else username
