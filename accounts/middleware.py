from django.utils import timezone


class TimeZoneMiddleware:
    """Dates and times on a signed-in person's pages are in their own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
