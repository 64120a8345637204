"""The request type of a signed-in person.

Django builds a plain `HttpRequest` whose `user` may be anonymous. Views that only run for a
signed-in person (behind `login_required` or `org_view`, which both send everyone else to sign in)
annotate their request with this type, so `request.user` is the project's `User` and can be handed
to services and selectors without a cast. It is a type only: no request is ever built from it.
"""

from django.http import HttpRequest

from openqi.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
