from django.utils.functional import SimpleLazyObject

from accounts.selectors import trust_current_for


class CurrentTrustMiddleware:
    """Attach request.current_trust: the trust a signed-in user is working in (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_trust = SimpleLazyObject(
            lambda: trust_current_for(request.user, request.session)
        )
        return self.get_response(request)
