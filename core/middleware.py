"""Request checks that hold for every page."""

from django.core.exceptions import BadRequest


class NullCharacterMiddleware:
    """A web address whose parameters carry a null character is refused with the styled 400
    page. PostgreSQL cannot hold or compare such text, so a search for it would fail deep
    in the database (`make scan` found the library's search answering 500). Form posts
    need no check here: Django's form fields refuse null characters with a field error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("null character in the query string")
        return self.get_response(request)
