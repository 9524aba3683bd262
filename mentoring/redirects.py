"""Going back where the person came from, safely."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, target: str) -> str | None:
    """`target` if it is a path on this site, else None: never another site, and never taken
    as the name of a URL (`redirect("home")` would look it up, and a name that is no URL's
    raised an error)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None
