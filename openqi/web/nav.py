"""The Home link, first in the header for everyone signed in."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Home", "web:home", order=0, in_organisation=False))
