"""The reports link in the header, for readers its page lets in (`org_view`'s rule)."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Reports", "reports:report_list", order=75))
