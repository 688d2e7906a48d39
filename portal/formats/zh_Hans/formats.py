"""Simplified Chinese date formats for the portal, where Django's own read oddly.

Django writes a day of the month as "07月9日" (a zero-padded month) and a time as "09:00"; Chinese
writes "7月9日" and "9:00". Every other format comes from Django's ``zh_Hans`` formats.
"""

MONTH_DAY_FORMAT = "n月j日"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "Y年n月j日 G:i"
