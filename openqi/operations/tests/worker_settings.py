"""Settings for the real `db_worker` processes the fault tests start: production settings, the
database task backend, emails written to files, and a two-second lease."""

import os

os.environ["OPENQI_TESTING"] = "0"

from openqi.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["OPENQI_FAULT_EMAIL_DIR"]
TASK_LEASE_SECONDS = 2
