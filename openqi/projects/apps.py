from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "openqi.projects"
    label = "projects"
