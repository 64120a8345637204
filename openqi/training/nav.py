"""The header link to training."""

from openqi.core.navigation import NavEntry, nav_register

nav_register(NavEntry("Training", "training:home", order=60))
