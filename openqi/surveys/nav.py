"""The surveys app's link in the header, for readers its page lets in (`org_view`'s rule)."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Surveys", "surveys:survey_list", order=70))
