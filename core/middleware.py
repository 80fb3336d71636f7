"""Request checks that hold for every page."""

from django.core.exceptions import BadRequest


class NullCharacterMiddleware:
    """A web address with a null character in its path or its parameters is refused with
    the styled 400 page. PostgreSQL cannot hold or compare such text, so a search for it
    would fail deep in the database (`make scan` found the library's search answering
    500). Checked in process_view, once the URL is resolved and before any view runs, so
    the 400 page still passes back through the header middleware (CSP, frame denial).
    Form posts need no check here: Django's form fields refuse null characters with a
    field error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("null character in the web address")
        return None
