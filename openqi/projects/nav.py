"""The projects app's link in the header: every member of the organisation sees it."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Projects", "projects:project_list", order=20))
