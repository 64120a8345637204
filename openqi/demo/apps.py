from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying OpenQI (`manage.py seed_demo`). It sits above every domain app, so no
    domain app needs to know the demo exists."""

    name = "openqi.demo"
    label = "demo"
