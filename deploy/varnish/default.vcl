# The edge cache in front of the app (Varnish 7.1; a CDN plays this part in production).
#
# The app says what may be cached with standard Cache-Control headers and tells the edge
# when a page changes with PURGE requests (wagtail.contrib.frontend_cache). This file
# only obeys: anything the app did not mark cacheable is never stored.
vcl 4.1;

import std;
import directors;

# The environment's own part: the backends and their health probe, the `app` director
# and the `purgers` ACL. It is looked up on vcl_path, so each environment (tests,
# production) puts its own backends.vcl before this folder.
include "backends.vcl";
# The site's "back in a moment" page, with its headers and stylesheet, for when the app
# cannot be reached (vcl_backend_error): `sub outage_page`, written at deploy time from
# templates/503.html by `manage.py varnish_outage_page` into a folder on vcl_path.
include "outage-page.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();
    # Set below from the visitor's cookie, never taken from the request as sent.
    unset req.http.x-csrf-cookie;
    # One spelling of the host for the cache key and for purges.
    if (req.http.host) {
        set req.http.host = std.tolower(req.http.host);
    }

    if (req.method == "PURGE") {
        call purge_request;
    }

    # While the app answers, a stale copy is served only for the moment it takes to
    # fetch a fresh one. When it does not (app or database down: the probe fails, or
    # a fetch just failed, see keep_stale_copy), serve the last copy for as long as the
    # app allowed (stale-if-error).
    if (req.restarts == 0) {
        unset req.http.x-app-failed;
        if (std.healthy(req.backend_hint)) {
            set req.grace = 10s;
        }
    } else if (req.http.x-app-failed) {
        # req.grace only ever shortens an object's grace: this lets all of it count.
        set req.grace = 365d;
    }

    # Personal or changing requests go straight to the app, cookies and all.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(django-)?admin([/?]|$)") {
        return (pass);
    }
    if (req.http.cookie ~ "(^|;\s*)(sessionid|messages)=" || req.http.authorization) {
        return (pass);
    }
    # Anything else is an anonymous visitor: their other cookies (analytics, a CSRF
    # token) mean nothing to a public page and would split the cache (Vary: Cookie).
    # The CSRF cookie is put aside for pages that are never stored (vcl_backend_fetch).
    if (req.http.cookie ~ "(^|;\s*)csrftoken=") {
        set req.http.x-csrf-cookie = regsub(req.http.cookie, "^(.*;\s*)?(csrftoken=[^;]*).*$", "\2");
    }
    unset req.http.cookie;
    return (hash);
}

# A form page (the registration form) is never stored: it is fetched as a pass once the
# app has said so (hit-for-pass, vcl_backend_response). Such a fetch gets the visitor's
# CSRF cookie back, so the app keeps their token instead of issuing a new one, and a
# form left open in another tab still posts. A fetch that may be stored never carries it: Varnish keys
# Vary: Cookie on the fetch's own headers.
sub vcl_backend_fetch {
    if (bereq.uncacheable && bereq.http.x-csrf-cookie) {
        set bereq.http.cookie = bereq.http.x-csrf-cookie;
    }
    unset bereq.http.x-csrf-cookie;
}

# PURGE /path/ drops that path with any query string; PURGE /path/* drops everything
# below it; PURGE /* the whole host. Bans are kept to obj.* fields so that the ban
# lurker applies them in the background.
sub purge_request {
    if (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    # A percent-encoded path and an optional trailing *: nothing else may reach the ban
    # regex, where it could change what is matched. The only regex metacharacter left
    # is the dot, escaped below.
    if (req.url !~ "^/[A-Za-z0-9/_.~%-]*[*]?$") {
        return (synth(400, "Bad purge path"));
    }
    set req.http.x-purge-host = regsub(req.http.host, ":[0-9]+$", "");
    if (req.http.x-purge-host !~ "^[a-z0-9.-]+$") {
        return (synth(400, "Bad purge host"));
    }
    if (req.url ~ "[*]$") {
        set req.http.x-purge-url = "^" + regsuball(regsub(req.url, "[*]$", ""), "[.]", "[.]");
    } else {
        set req.http.x-purge-url = "^" + regsuball(req.url, "[.]", "[.]") + "([?]|$)";
    }
    if (std.ban("obj.http.x-host == " + req.http.x-purge-host +
            " && obj.http.x-url ~ " + req.http.x-purge-url)) {
        return (synth(200, "Purged"));
    }
    return (synth(400, "Bad purge: " + std.ban_error()));
}

sub vcl_hash {
    # The scheme the visitor used, as the TLS terminator in front says, is part of the
    # key: the app answers plain http with a redirect to https, which must never reach
    # visitors already on https. Varnish's own hash (URL and Host) follows.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # What purges compare (see purge_request); removed again in vcl_deliver.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = regsub(bereq.http.host, ":[0-9]+$", "");

    if (beresp.status >= 500) {
        # The app's 503 while its database is down comes here too: a stale copy is
        # served instead if there is one (keep_stale_copy); if not, the app's page is
        # the answer and is never kept, whatever its Cache-Control says.
        call keep_stale_copy;
        call not_for_sharing;
    }
    if (beresp.http.cache-control ~ "(?i)\b(private|no-store)\b") {
        # The app says this URL is personal (a form, a restricted page, search):
        # hit-for-pass, so for an hour its requests go straight to the app as passes,
        # side by side and with the CSRF cookie (vcl_backend_fetch). A purge ends it
        # like any object: a page no longer restricted is cached again at once.
        return (pass(1h));
    }
    if (!beresp.http.cache-control ||
        beresp.http.cache-control ~ "(?i)\bno-cache\b" ||
        beresp.http.set-cookie ||
        beresp.ttl <= 0s ||
        beresp.http.vary == "*") {
        call not_for_sharing;
    }
    # The TTL stays Varnish's own reading of s-maxage, then max-age. Grace is how long
    # the app lets a stale copy stand in while it cannot answer: its stale-if-error,
    # a day if it gave none.
    set beresp.grace = std.duration(
        regsub(beresp.http.cache-control, "^.*\bstale-if-error=([0-9]+).*$", "\1s"), 24h);
    return (deliver);
}

# Not for sharing, for now (an error, a redirect). Hit-for-miss: for a short while
# requests for this URL go to the app side by side instead of queueing for one answer,
# and the first cacheable answer is stored again (not hit-for-pass, which would keep a
# page the app shares again out of the cache for an hour).
sub not_for_sharing {
    set beresp.uncacheable = true;
    set beresp.ttl = 30s;
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Age (set by Varnish) stays: it tells browsers how much of max-age is used up.
    unset resp.http.x-url;
    unset resp.http.x-host;
    return (deliver);
}

# A fetch that ends, even in an error, replaces the stale copy of its page: when the
# app fails, drop the fetch instead. In the background the visitor already has the
# stale copy; otherwise vcl_synth looks again once, taking a copy of any age.
sub keep_stale_copy {
    if (bereq.is_bgfetch || (!bereq.uncacheable && !bereq.http.x-app-failed)) {
        return (abandon);
    }
}

sub vcl_backend_error {
    call keep_stale_copy;
    # Nothing cached to fall back on: the site's own 503 page (outage-page.vcl), with
    # Retry-After and the app's security headers, kept by no one; or the stylesheet
    # that page links, should the cache not hold it.
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.http.Cache-Control = "no-store";
    call outage_page;
    return (deliver);
}

sub vcl_synth {
    # 503 here is a fetch dropped by keep_stale_copy (the VCL's own answers are not 503).
    if (resp.status == 503 && req.restarts == 0) {
        set req.http.x-app-failed = "1";
        return (restart);
    }
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
