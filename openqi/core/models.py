"""The one model in core: a used submission token, so a form sent twice creates one thing.

A record names no person and no object: the hash of the form's path and its one-time token, the
address of the page the person was shown after sending it (blank when that page could be shown only
once, as for an anonymous idea's follow-up code), and the date it was used. Its key is the hash, not
a number from a sequence, and it holds a date rather than a time, so records cannot put anonymous
contributions in order. Records older than a day are deleted as new ones arrive.
"""

from django.db import models


class SubmissionRecord(models.Model):
    key = models.CharField(max_length=64, primary_key=True)
    result_url = models.CharField(max_length=500, blank=True)
    used_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"submission used on {self.used_on}"
