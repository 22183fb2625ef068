# Where the app runs, for `make prod-run` on one machine: gunicorn on 127.0.0.1:8001.
# Production writes its own backends.vcl with the app servers' addresses (and the same
# names: the `app` director and the `purgers` ACL), placed first on vcl_path.

probe healthz {
    # The Host must be one of ALLOWED_HOSTS; X-Forwarded-Proto spares the probe the
    # HTTPS redirect that the production settings make.
    .request =
        "GET /healthz/ HTTP/1.1"
        "Host: localhost"
        "X-Forwarded-Proto: https"
        "Connection: close";
    # The probe waits in gunicorn's queue like any request: under a registration rush a
    # 1 s timeout marked the app sick and Varnish refused every post (make bench).
    .interval = 5s;
    .timeout = 5s;
    .window = 3;
    .threshold = 2;
    # Healthy from the start: a restarted Varnish serves at once.
    .initial = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}

# Who may PURGE: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}
