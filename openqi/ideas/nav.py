"""The ideas app's link in the header: staff and up."""

from openqi.core.navigation import NavEntry, nav_register
from openqi.organisations.nav import is_staff_or_more

nav_register(NavEntry("Ideas", "ideas:idea_list", order=40, visible=is_staff_or_more))
