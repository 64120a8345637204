"""The measures app's link in the header: staff and up."""

from openqi.core.navigation import NavEntry, nav_register
from openqi.organisations.nav import is_staff_or_more

nav_register(NavEntry("Measures", "measures:measure_list", order=30, visible=is_staff_or_more))
