"""The boards app's link in the header, for readers its page lets in (`org_view`'s rule): staff
and above open their team's huddle board from any page (issue 18)."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Boards", "boards:board_list", order=75))
