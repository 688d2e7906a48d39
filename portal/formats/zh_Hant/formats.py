"""Traditional Chinese date formats for the portal: the Simplified ones ("7月9日", "9:00"), which Hong Kong writes too.

Every other format comes from Django's ``zh_Hant`` formats.
"""

from portal.formats.zh_Hans.formats import DATETIME_FORMAT, MONTH_DAY_FORMAT, TIME_FORMAT

__all__ = ["DATETIME_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT"]
