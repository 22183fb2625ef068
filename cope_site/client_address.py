"""The client's address as the app's own proxies saw it: the sign-in lockout and the
registration rate limit count by it."""

from django.conf import settings


def client_address(request):
    """Behind TRUSTED_PROXY_COUNT proxies that each append the address they were
    reached from to X-Forwarded-For (Varnish does), the client is that many entries
    from the right. Anything further left came from the client and may be forged."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return request.META.get("REMOTE_ADDR")
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < hops:
        return request.META.get("REMOTE_ADDR")
    return forwarded[-hops]
