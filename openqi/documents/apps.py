from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openqi.documents"
    label = "documents"
