"""Template helpers for quiz pages."""

from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """754 → "12:34"; 3754 → "1:02:34" (the timer's text before JavaScript takes over)."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
