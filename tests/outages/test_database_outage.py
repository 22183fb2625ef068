"""The database stops under the running site and comes back: what visitors are told,
what is stored, and how soon it all works again. On a PostgreSQL cluster of the
test's own (conftest.py), with gunicorn and the task worker as production runs them."""

import json
import time

from tests.edge.harness import BRANDED_503_HEADING, SECURITY_HEADERS, request
from tests.events.conftest import form_post
from tests.outages.harness import (
    HOST,
    Visitor,
    app_environment,
    manage_py,
    start_task_worker,
)


def registrant(number):
    return form_post(name=f"Visitor {number}", email=f"visitor{number}@example.org")


def assert_branded_503(response, what):
    assert response.status == 503, (what, response.status, response.body[:300])
    assert response.headers["Retry-After"] == "30", what
    assert response.headers["Content-Type"].startswith("text/html"), what
    assert BRANDED_503_HEADING in response.body, what
    assert "Children of Prisoners Europe" in response.body, what
    assert "Traceback" not in response.body and "OperationalError" not in response.body


def stored_registrations(site):
    """The event's registrations as the database holds them: e-mail, status, and how
    many e-mails were recorded as sent to each."""
    code = (
        "import json; from events.models import Registration; "
        f"rows = Registration.objects.filter(event_id={site.event.pk}).order_by('email'); "
        "print(json.dumps([[r.email, r.status, r.emails.filter(status='sent').count()] "
        "for r in rows]))"
    )
    return json.loads(manage_py(site.env, code))


def test_pages_answer_503_and_registrations_are_refused_then_all_resumes(site_on_own_database):
    site = site_on_own_database
    register_path = site.event.url + "register/"
    assert Visitor(site.port).get("/en/").status == 200

    # One registers before the outage; three open the form and send it during it.
    early = Visitor(site.port)
    early.open_form(register_path)
    assert early.send_form(registrant(0)).status == 302
    # Its confirmation is sent before the outage (a task the worker is running when the
    # database goes is marked failed once it is back: the test below).
    site.worker.wait_for_log("send_registration_email state=SUCCESSFUL")
    waiting = [Visitor(site.port) for _ in range(3)]
    for visitor in waiting:
        visitor.open_form(register_path)

    site.cluster.stop()
    for path in [
        "/en/",
        "/en/news/",
        "/en/webinars/",
        site.event.url,
        register_path,
        "/en/search/?q=x",
    ]:
        assert_branded_503(Visitor(site.port).get(path), path)
    for number, visitor in enumerate(waiting, start=1):
        assert_branded_503(visitor.send_form(registrant(number)), f"registration {number}")
    # Met in a middleware, not a view: an editor's session read before the admin answers.
    editor = Visitor(site.port)
    editor.cookies["sessionid"] = "an-editors-session"
    assert_branded_503(editor.get("/admin/"), "admin")
    # The edge's probe sees it too, and serves its copies meanwhile (deploy/varnish/).
    assert Visitor(site.port).get("/healthz/").status == 503

    # The worker met the outage too, and lives on.
    site.worker.wait_for_log("Database unavailable (OperationalError): the task worker waits")
    site.cluster.start()  # returns once PostgreSQL accepts connections
    back = time.monotonic()
    first = Visitor(site.port).get("/en/")
    print(f"first page after the database returned: {time.monotonic() - back:.2f} s")
    # The very first request is served: the app's broken connection is replaced at once.
    assert first.status == 200

    # Those refused send the same form again, as the 503 page asks.
    told_registered = ["visitor0@example.org"]
    for number, visitor in enumerate(waiting, start=1):
        answer = visitor.send_form(registrant(number))
        assert answer.status == 302, answer.body[:300]
        told_registered.append(f"visitor{number}@example.org")

    # Exactly those told they were registered are stored, each once.
    stored = stored_registrations(site)
    assert [email for email, _status, _sent in stored] == sorted(told_registered)
    assert {status for _email, status, _sent in stored} == {"confirmed"}
    event_page = Visitor(site.port).get(site.event.url)
    assert "Registration is open: 6 places left." in event_page.body

    # The task worker lived through it and sends every confirmation, each once.
    deadline = time.monotonic() + 30
    while any(sent == 0 for *_rest, sent in stored) and time.monotonic() < deadline:
        time.sleep(0.5)
        stored = stored_registrations(site)
    assert [sent for *_rest, sent in stored] == [1, 1, 1, 1]
    assert site.worker.alive()
    worker_log = site.worker.log()
    assert "Database unavailable (OperationalError): the task worker waits for it" in worker_log
    assert "Database available again: the task worker carries on" in worker_log
    assert "Traceback" not in worker_log

    # One WARNING line per refused request, without a traceback or the path; none of
    # Django's own lines for a 5xx ("Internal Server Error: /path", "Service
    # Unavailable: /path").
    app_log = site.app.log()
    assert "Traceback" not in app_log
    assert "Internal Server Error" not in app_log and "Service Unavailable" not in app_log
    outage_lines = [line for line in app_log.splitlines() if "Database unavailable" in line]
    assert outage_lines == ["Database unavailable (OperationalError): answered 503"] * 10 + [
        "Database unavailable (OperationalError): health check answered 503"
    ]
    assert "visitor" not in app_log


def test_a_statement_running_past_the_timeout_is_cancelled(own_cluster, tmp_path):
    env = app_environment(own_cluster.url("postgres"), tmp_path, DATABASE_STATEMENT_TIMEOUT="1")
    code = (
        "import json; from django.db import OperationalError, connection\n"
        "cursor = connection.cursor(); cursor.execute('SHOW statement_timeout')\n"
        "setting = cursor.fetchone()[0]\n"
        "try: cursor.execute('SELECT pg_sleep(5)'); outcome = 'finished'\n"
        "except OperationalError as error: outcome = type(error.__cause__).__name__\n"
        "print(json.dumps([setting, outcome]))"
    )
    # What a request meets, and then gets the 503 page for (an OperationalError).
    assert json.loads(manage_py(env, code)) == ["1s", "QueryCanceled"]


def test_through_the_edge_visitors_keep_getting_pages_while_the_database_is_down(
    site_on_own_database, edge_in_front
):
    site, edge = site_on_own_database, edge_in_front
    home = edge.get("/en/")
    assert (home.status, home.cache) == (200, "MISS")
    site.cluster.stop()
    time.sleep(1.5)  # past the copy's 1 s lifetime, within its grace (stale-if-error)
    stale = edge.get("/en/")
    assert (stale.status, stale.cache, stale.body) == (200, "HIT", home.body)
    # Nothing to fall back on: the app's 503 page, passed on and kept by no one.
    from_app = request(site.port, "/en/news/", host=HOST)
    assert_branded_503(from_app, "straight from the app")
    assert_branded_503(edge.get("/en/news/"), "through the edge")

    # Once the probe holds the app sick, Varnish asks it nothing and answers the same
    # page itself (deploy/varnish/, outage-page.vcl), and still serves what it holds.
    edge.wait_until_sick()
    from_edge = edge.get("/en/news/")
    assert_branded_503(from_edge, "from the edge")
    assert from_edge.body == from_app.body
    for name in [*SECURITY_HEADERS, "Content-Language"]:
        assert from_edge.headers[name] == from_app.headers[name], name
    assert from_edge.headers["Cache-Control"] == "no-store"
    stale = edge.get("/en/")
    assert (stale.status, stale.cache, stale.body) == (200, "HIT", home.body)

    site.cluster.start()
    edge.wait_until_healthy()
    fresh = edge.get("/en/news/")
    assert (fresh.status, fresh.cache) == (200, "MISS")


def test_a_task_the_outage_cut_off_is_marked_failed_once_the_database_is_back(
    own_cluster, db, settings, tmp_path
):
    """Not run again, since what it did before the outage cannot be known; not left
    "Running" for ever either. The worker then carries on with the next task."""
    own_cluster.copy_database(settings.DATABASES["default"], "cope")
    env = app_environment(own_cluster.url("cope"), tmp_path)
    worker = start_task_worker(env, tmp_path)
    flag = tmp_path / "database-stopped"

    def enqueue():
        code = (
            "from tests.outages.tasks import read_once_told; "
            f"print(read_once_told.enqueue({str(flag)!r}).id)"
        )
        return manage_py(env, code)

    def stored_result(task_id):
        code = (
            "import json; from django_tasks_db.models import DBTaskResult; "
            f"r = DBTaskResult.objects.get(pk={task_id!r}); "
            "print(json.dumps([r.status, r.exception_class_path, r.traceback.strip()]))"
        )
        return json.loads(manage_py(env, code))

    try:
        worker.wait_for_log("Starting worker")
        cut_off = enqueue()
        worker.wait_for_log(
            f"Task id={cut_off} path=tests.outages.tasks.read_once_told state=RUNNING"
        )
        own_cluster.stop()
        flag.touch()  # the task reads now, from a database that is gone
        worker.wait_for_log("the task worker waits for it")
        own_cluster.start()
        worker.wait_for_log("the task worker carries on")
        worker.wait_for_log(
            f"Task id={cut_off} path=tests.outages.tasks.read_once_told was cut off by the "
            "database outage: marked failed"
        )
        status, exception, traceback = stored_result(cut_off)
        assert (status, exception) == (
            "FAILED",
            "cope_site.management.commands.db_worker.TaskInterrupted",
        )
        assert "Interrupted by a database outage (" in traceback
        assert "may or may not have done its work, and is not run again" in traceback

        after = enqueue()
        worker.wait_for_log(
            f"Task id={after} path=tests.outages.tasks.read_once_told state=SUCCESSFUL"
        )
        assert stored_result(after)[0] == "SUCCESSFUL"
        assert stored_result(cut_off)[0] == "FAILED"  # and not run again meanwhile
        assert worker.alive()
        assert "Traceback" not in worker.log()
    finally:
        worker.stop()
        print("--- db_worker:", *worker.log().splitlines()[-40:], sep="\n")
