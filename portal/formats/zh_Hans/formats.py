"""Simplified Chinese date formats for the portal, where Django's own read oddly.

Django writes a day of the month as "07月9日" (a zero-padded month); Chinese writes "7月9日".
Every other format comes from Django's ``zh_Hans`` formats.
"""

MONTH_DAY_FORMAT = "n月j日"
