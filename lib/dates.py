"""Dates as Vietnamese administrative documents write them."""

import datetime


def short_date(value: datetime.date) -> str:
    """13/11/2025."""
    return value.strftime("%d/%m/%Y")


def document_date(value: datetime.date) -> str:
    """ "ngày 13 tháng 11 năm 2025": days below 10 and the months 1 and 2 are zero-padded."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
