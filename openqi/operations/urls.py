from django.urls import path

from openqi.operations import views

app_name = "operations"

urlpatterns = [
    path("system/tasks/", views.task_list, name="task_list"),
]
