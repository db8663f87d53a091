import datetime

from django import template
from django.utils import timezone

from lib import anchors, dates

register = template.Library()


@register.filter
def vn_date(value: datetime.date | datetime.datetime | None) -> str:
    """Render a date (or an aware datetime, in local time) as 13/11/2025."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.short_date(value)


@register.filter
def heading_anchor(value: str) -> str:
    """The id a lesson heading gets, so the assistant can link to its section."""
    return anchors.heading_anchor(str(value))
