"""Co-production's link in the header: for involvement leads (the register's own rule, `org_view`)."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Involvement", "coproduction:register", order=75))
