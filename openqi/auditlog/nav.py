"""The audit log's link in the header, for readers its page lets in (`org_view("lead")`)."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Audit log", "audit:event_list", order=90))
