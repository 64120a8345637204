"""The audit app's link in the header: the organisation's log, for leads and admins."""

from openqi.core.navigation import NavEntry, nav_register
from openqi.organisations.nav import is_lead_or_more

nav_register(NavEntry("Audit log", "audit:event_list", order=90, visible=is_lead_or_more))
