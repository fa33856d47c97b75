"""The office page served by carekiosk-receiver --office: security cases
over plain HTTP (no session, an expired one, a cookie kept after sign-out,
a POST without the CSRF token, the lockout across a restart, escaping, the
"asked to be deleted" status), and a real headless Chromium (chromium +
chromium-driver + python3-selenium) signing in, unlocking sealed leads,
filtering, setting a call status, exporting CSV and XLSX and signing out,
with screenshots at 1280x800 and 390 wide. Office (SQLite) and OfficePg (a
private PostgreSQL, pglib.py). The leads are made by the real store
(net_office_leads), sealed to a real office key (kioskctl keygen), and
uploaded by kioskctl sync with per-kiosk tokens. Invented people only.
Run one case: /usr/bin/python3 test_office.py OfficePg.test_browser"""
import csv
import html
import http.client
import io
import json
import os
import re
import subprocess
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pglib  # noqa: E402
from netlib import KIOSKCTL, RECEIVER, Kiosk, Receiver, query, tmpdir  # noqa: E402

OFFICE_LEADS = os.environ.get("NET_OFFICE_LEADS", "net_office_leads")
SHOTS = os.environ.get("OFFICE_SHOTS")  # a folder to keep the screenshots in
PASSPHRASE = "amber-otter-lantern-42"
PASSWORD = "kettle-on-at-nine"
SCRIPT_NAME = "<script>alert(1)</script>"
REFUSED_WHY = "courses.csv:4: \"<script>alert(3)</script>\" is not a date & time"


def answers(first, last, phone, email, postcode, roles, avail, when, share):
    return {"first_name": first, "last_name": last, "phone": phone, "email": email,
            "postcode": postcode, "roles": roles, "availability": avail, "drives": "no",
            "benefits": "no", "heard_from": "job-centre", "contact_time": when,
            "consent_contact": True, "consent_share": share, "include_quiz": False}


# (kiosk, sealed, event, programme, answers)
PEOPLE = [
    ("leeds-library", True, "Leeds Careers Fair 2026-03", "step-into-care",
     answers("Amara", "Okafor", "07700 900461", "amara.okafor@example.com", "LS6 2QT",
             ["home-care-worker"], ["daytime", "part-time"], "morning", True)),
    ("leeds-library", True, "Leeds Careers Fair 2026-03", "sbwa",
     answers("Dylan", "Fairweather", "07700 900872", "dylan.f@example.org", "LS11 5AB",
             ["support-worker", "not-sure"], ["evenings"], "afternoon", False)),
    ("leeds-library", True, "Leeds Careers Fair 2026-03", "step-into-care",
     answers(SCRIPT_NAME, "=HYPERLINK(\"x\")", "07700 900333", "x@example.net", "LS1 4AP",
             ["home-care-worker"], ["weekends"], "any", False)),
    ("york-station", False, "York Jobs Day", "pa",
     answers("Tomasz", "Nowak", "07700 900114", "t.nowak@example.com", "YO1 7HH",
             ["personal-assistant"], ["full-time"], "evening", True)),
]


def request(port, method, path, body=None, cookies=None, headers=None):
    """(status, headers dict (lower-case names), body text, set cookies)."""
    h = dict(headers or {})
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    if body is not None:
        body = urllib.parse.urlencode(body)
        h["Content-Type"] = "application/x-www-form-urlencoded"
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hs = {k.lower(): v for k, v in r.getheaders() if k.lower() != "set-cookie"}
        set_c = {}
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                set_c[name] = rest.split(";")[0]
                hs.setdefault("set-cookie", []).append(v)
        return r.status, hs, data.decode("utf-8", "replace"), set_c
    finally:
        c.close()


class Cases:
    def new_db(self):
        return os.path.join(self.tmp, "receiver.db")

    def setUp(self):
        self.tmp = tmpdir(self)
        self.db = self.new_db()
        self.pw = os.path.join(self.tmp, "pass.txt")
        with open(self.pw, "w") as f:
            f.write(PASSPHRASE + "\n")
        self.key = os.path.join(self.tmp, "office.key")
        r = subprocess.run([KIOSKCTL, "keygen", "--out", self.key, "--passphrase-file", self.pw],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.pub = re.search(r'"office_public_key": "([A-Za-z0-9+/=]{44})"', r.stdout).group(1)
        self.token_key = os.path.join(self.tmp, "token.key")
        self.tokens = {}
        for kiosk in ("leeds-library", "york-station"):
            p = subprocess.run([RECEIVER, "token", "add", kiosk, "--db", self.db, "--token-key",
                                self.token_key], capture_output=True, text=True, timeout=30)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.tokens[kiosk] = p.stdout.strip()
        p = subprocess.run([RECEIVER, "user", "add", "maria", "--db", self.db],
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.r = None
        self.start()
        self.addCleanup(lambda: self.r.stop())
        self.ids = self.upload(PEOPLE)

    def start(self, *extra):
        if self.r:
            self.r.stop()
        self.r = Receiver(self.tmp, "--token-key", self.token_key, "--office", "--office-key",
                          self.key, *extra, db=self.db)
        self.port = self.r.port

    def upload(self, people):
        """Each kiosk's leads through the real store and kioskctl sync; ids
        in the order of people."""
        ids = []
        for kiosk in ("leeds-library", "york-station"):
            mine = [p for p in people if p[0] == kiosk]
            if not mine:
                continue
            folder = os.path.join(self.tmp, kiosk)
            os.makedirs(folder, exist_ok=True)
            k = Kiosk(folder, self.r.url, token=self.tokens[kiosk])
            for _, sealed, event, prog, a in mine:
                # Left 10 minutes apart, in the order of people.
                ago = 10 * (len(people) - people.index((kiosk, sealed, event, prog, a)))
                p = subprocess.run([OFFICE_LEADS, k.data, self.pub if sealed else "-", str(ago)],
                                   input="%s\t%s\t%s\n" % (event, prog, json.dumps(a)),
                                   capture_output=True, text=True, check=True)
                ids.append(p.stdout.strip())
            s = k.sync()
            self.assertEqual(s.returncode, 0, s.stdout + s.stderr)
        return ids

    def sign_in(self, user="maria", password=PASSWORD):
        """(status, body, cookies) of a sign-in through the form."""
        st, _, page, pre = request(self.port, "GET", "/office/signin")
        self.assertEqual(st, 200)
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
        st, hs, page, got = request(self.port, "POST", "/office/signin",
                                    {"csrf": csrf, "user": user, "password": password}, pre)
        return st, page, got

    def session(self):
        st, page, got = self.sign_in()
        self.assertEqual(st, 303, page)
        self.assertIn("ck_session", got)
        return {"ck_session": got["ck_session"]}

    def csrf_of(self, cookies):
        st, _, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertEqual(st, 200, page)
        return re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1), page

    def unlock(self, cookies):
        csrf, _ = self.csrf_of(cookies)
        st, _, page, _ = request(self.port, "POST", "/office/unlock",
                                 {"csrf": csrf, "passphrase": PASSPHRASE}, cookies)
        self.assertEqual(st, 200, page)
        self.assertNotIn("sealed. Type", page)
        return page

    def log_is_clean(self):
        """Neither the passphrase, the password nor anything a visitor typed."""
        log = self.r.log_text()
        for _, _, _, _, a in PEOPLE:
            for v in (a["first_name"], a["last_name"], a["phone"], a["email"], a["postcode"]):
                self.assertNotIn(v, log)
        self.assertNotIn(PASSPHRASE, log)
        self.assertNotIn(PASSWORD, log)

    # ---- security over plain HTTP ----

    def test_refused(self):
        """No session: pages send to sign-in, exports too, POSTs are 403; a
        POST with the session but without (or with a wrong) CSRF token is
        403 and changes nothing; a cookie kept after sign-out is dead; every
        answer has the security headers."""
        lead = self.ids[3]
        for path in ("/office/", "/office/export.csv", "/office/export.xlsx", "/office/kiosks",
                     "/office/events"):
            st, hs, body, _ = request(self.port, "GET", path)
            self.assertEqual((st, hs.get("location")), (303, "/office/signin"), path)
            self.assertNotIn("Nowak", body)
        st, _, _, _ = request(self.port, "POST", "/office/call",
                              {"id": lead, "status": "called"})
        self.assertEqual(st, 403)
        cookies = self.session()
        csrf, page = self.csrf_of(cookies)
        for form in ({"id": lead, "status": "called"},
                     {"id": lead, "status": "called", "csrf": "0" * 64},
                     {"id": lead, "status": "called", "csrf": csrf[:-1]}):
            st, _, _, _ = request(self.port, "POST", "/office/call", form, cookies)
            self.assertEqual(st, 403, form)
        st, _, _, _ = request(self.port, "POST", "/office/signout", {}, cookies)
        self.assertEqual(st, 403)   # sign-out needs the token too
        self.assertEqual(query(self.db, "SELECT count(*) FROM lead_calls")[0][0] in (0, "0"),
                         True)
        st, hs, _, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertEqual(st, 200)
        self.assertIn("default-src 'none'", hs["content-security-policy"])
        self.assertNotIn("unsafe-inline", hs["content-security-policy"])
        self.assertEqual(hs["x-frame-options"], "DENY")
        self.assertEqual(hs["cache-control"], "no-store")
        st, hs, _, gone = request(self.port, "POST", "/office/signout", {"csrf": csrf}, cookies)
        self.assertEqual((st, hs["location"]), (303, "/office/signin"))
        self.assertEqual(gone.get("ck_session"), "")
        for method, path, form in (("GET", "/office/", None), ("GET", "/office/export.csv", None),
                                   ("POST", "/office/call",
                                    {"id": lead, "status": "called", "csrf": csrf})):
            st, _, body, _ = request(self.port, method, path, form, cookies)
            self.assertIn(st, (303, 403), path)
            self.assertNotIn("Nowak", body)
        self.assertEqual(query(self.db, "SELECT count(*) FROM lead_calls")[0][0] in (0, "0"),
                         True)
        st, page, _ = self.sign_in(password="not-the-password")
        self.assertEqual(st, 403)
        self.assertIn("Wrong name or password", page)
        self.log_is_clean()

    def test_expired(self):
        """After --office-idle seconds without a request the session ends,
        and its opened key is wiped, without waiting for a next request."""
        # 6 s: signing in and unlocking (Argon2id, twice) must finish well
        # inside the idle time on a loaded machine, or the GET below would
        # find the session already ended.
        self.start("--office-idle", "6")
        cookies = self.session()
        self.unlock(cookies)
        st, _, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertIn("Amara", page)
        # The receiver ends it (and wipes its opened key) by itself, with
        # no further request.
        pglib.wait_for(lambda: ("maria", "expired-key-wiped") in [
            tuple(r) for r in query(self.db, "SELECT user_name, action FROM office_audit")],
            timeout=20, what="the idle session to end")
        st, hs, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertEqual((st, hs.get("location")), (303, "/office/signin"))
        self.assertNotIn("Amara", page)

    def test_lockout_survives_restart(self):
        """Five wrong passwords lock the account; a restart does not lift
        the lock (it is in the database), and the right password is refused
        while it lasts."""
        for i in range(4):
            st, page, _ = self.sign_in(password="wrong-%d" % i)
            self.assertIn("Wrong name or password", page)
        st, page, _ = self.sign_in(password="wrong-5")
        self.assertIn("locked for 1 minute", page)
        self.start()
        st, page, got = self.sign_in()
        self.assertEqual(st, 403)
        self.assertIn("This account is locked", page)
        self.assertNotIn("ck_session", got)
        failures, until = query(self.db, "SELECT failures, locked_until FROM office_users")[0]
        self.assertEqual(int(failures), 5)
        self.assertGreater(int(until), time.time() + 30)

    def test_escaped(self):
        """A lead named <script>alert(1)</script> shows as text; the call
        note too."""
        cookies = self.session()
        page = self.unlock(cookies)
        self.assertIn(html.escape(SCRIPT_NAME, quote=True).replace("&#x27;", "&#39;"), page)
        self.assertNotIn(SCRIPT_NAME, page)
        self.assertNotIn("<script", page)
        csrf, _ = self.csrf_of(cookies)
        st, _, _, _ = request(self.port, "POST", "/office/call",
                              {"csrf": csrf, "id": self.ids[2], "status": "no-answer",
                               "note": '"><img src=x onerror=alert(2)>'}, cookies)
        self.assertEqual(st, 303)
        _, _, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertNotIn("<img", page)
        self.assertIn("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", page)

    def test_deleted(self):
        """"Asked to be deleted": the lead's answers, sealed text, body and
        note are gone from the database; it still counts on the Events page;
        the audit log names ids, not people."""
        cookies = self.session()
        self.unlock(cookies)
        csrf, _ = self.csrf_of(cookies)
        gone = self.ids[0]
        st, _, _, _ = request(self.port, "POST", "/office/call",
                              {"csrf": csrf, "id": gone, "status": "deleted",
                               "note": "asked on the phone"}, cookies)
        self.assertEqual(st, 303)
        row = query(self.db, "SELECT answers, sealed, body, event FROM leads WHERE id = '%s'" % gone)
        self.assertEqual(row, [("{}", None, "{}", "Leeds Careers Fair 2026-03")])
        self.assertEqual(query(self.db, "SELECT status, note, set_by FROM lead_calls"),
                         [("deleted", None, "maria")])
        _, _, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertNotIn("Amara", page)
        self.assertIn("Details deleted at the visitor", page)
        _, _, page, _ = request(self.port, "GET", "/office/events", cookies=cookies)
        self.assertRegex(page, r"Leeds Careers Fair 2026-03</td><td[^>]*>\d{4}-\d\d-\d\d</td>"
                               r"<td[^>]*>leeds-library</td><td[^>]*>3</td>")
        audit = query(self.db, "SELECT user_name, action, lead_ids FROM office_audit")
        actions = [a for _, a, _ in audit]
        self.assertIn("delete", actions)
        self.assertIn("view", actions)
        self.assertIn(("maria", "delete", gone), [tuple(a) for a in audit])
        dump = json.dumps([list(a) for a in audit])
        self.assertNotIn("Okafor", dump)
        self.log_is_clean()

    def test_kiosks(self):
        """The Kiosks page: every kiosk's latest heartbeat; one silent for
        over an hour stands out, one seen now does not."""
        query(self.db, "INSERT INTO kiosk_status (kiosk, seen_at, queued, last_error) VALUES"
                       " ('hull-museum', '2026-01-05T09:00:00.000Z', 7, 'cannot resolve host')")
        cookies = self.session()
        _, _, page, _ = request(self.port, "GET", "/office/kiosks", cookies=cookies)
        rows = {m.group(2): m.group(1) for m in re.finditer(
            r'<tr( class="silent")?><td data-h="Kiosk">([^<]+)</td>', page)}
        self.assertEqual(rows, {"hull-museum": ' class="silent"', "leeds-library": None,
                                "york-station": None})
        self.assertIn("1 kiosk has not reported for over an hour", page)
        self.assertIn("cannot resolve host", page)
        # The content each runs, and why it last refused new content: the
        # kiosk's words, as text.
        st, data = self.beat("york-station", [], content_version="v3",
                             content_refused=REFUSED_WHY)
        self.assertEqual(st, 200, data)
        _, _, page, _ = request(self.port, "GET", "/office/kiosks", cookies=cookies)
        self.assertIn('<td data-h="Content">v3<br><span class="refused">New content refused: '
                      + html.escape(REFUSED_WHY, quote=True).replace("&#x27;", "&#39;")
                      + "</span></td>", page)
        self.assertNotIn("<script", page)

    def test_clock(self):
        """A lead made while the kiosk's clock was not synchronised says so
        beside its time, on the page and in the CSV export (clock_synced
        no); synchronised or not known, nothing on the page."""
        query(self.db, "UPDATE leads SET clock_synced = 0 WHERE id = '%s'" % self.ids[0])
        query(self.db, "UPDATE leads SET clock_synced = 1 WHERE id = '%s'" % self.ids[1])
        cookies = self.session()
        self.unlock(cookies)
        _, _, page, _ = request(self.port, "GET", "/office/", cookies=cookies)
        self.assertEqual(page.count("Kiosk clock not set from the internet"), 1, page)
        st, _, csv_text, _ = request(self.port, "GET", "/office/export.csv", cookies=cookies)
        self.assertEqual(st, 200)
        rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
        got = sorted(r["clock_synced"] for r in rows)
        self.assertEqual(got, sorted(["no", "yes"] + [""] * (len(rows) - 2)), got)

    def beat(self, kiosk, counts, **fields):
        """A heartbeat with counts (event, hour, name, item, n) and other
        fields, as kiosk's (its token): (status, body)."""
        body = json.dumps(dict({"schema": 1, "device": kiosk, "clock": "2026-03-03T12:00:00.000Z",
                                "counts": [dict(zip(("event", "hour", "name", "item", "n"), c))
                                           for c in counts]}, **fields))
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            c.request("POST", "/status", body=body, headers={
                "Authorization": "Bearer " + self.tokens[kiosk],
                "Content-Type": "application/json"})
            r = c.getresponse()
            return r.status, r.read().decode()
        finally:
            c.close()

    def send_counts(self):
        """Both kiosks' counts: the Leeds fair's funnel from both, York's
        from one, a library pop-up without leads. Sums per event: Leeds
        26 9 5 5 3 (3 leads received), York 7 2 1 1 1 (1), pop-up 4 1 0 0 0 (0), and a tag that
        looks like a script."""
        leeds, york, pop = "Leeds Careers Fair 2026-03", "York Jobs Day", "Library pop-up"
        funnel = ("visit.start", "visit.preview", "visit.quiz", "visit.form", "lead.sent")
        beats = {
            "leeds-library": [(leeds, "2026-03-03T10", f, "", n)
                              for f, n in zip(funnel, (20, 7, 4, 4, 2))]
            + [(leeds, "2026-03-03T10", "role.preview", "home-care-worker", 11),
               (pop, "2026-03-04T14", "visit.start", "", 4),
               (pop, "2026-03-04T14", "visit.preview", "", 1)],
            "york-station": [(leeds, "2026-03-03T11", f, "", n)
                             for f, n in zip(funnel, (6, 2, 1, 1, 1))]
            + [(york, "2026-03-05T09", f, "", n) for f, n in zip(funnel, (7, 2, 1, 1, 1))]
            + [(SCRIPT_NAME, "2026-03-05T09", "visit.start", "", 1)],
        }
        for kiosk, counts in beats.items():
            for _ in range(2):      # sent twice: totals, set again, never added
                st, data = self.beat(kiosk, counts)
                self.assertEqual(st, 200, data)

    # ---- a real browser ----

    def test_browser(self):
        from browser import Browser
        self.send_counts()
        shots = SHOTS or os.path.join(self.tmp, "shots")
        os.makedirs(shots, exist_ok=True)
        downloads = os.path.join(self.tmp, "downloads")
        os.makedirs(downloads)
        base = "http://127.0.0.1:%d" % self.port
        with Browser(downloads) as b:
            b.get(base + "/office/")
            self.assertIn("/office/signin", b.url())
            b.shots(shots, "signin")
            b.type("user", "maria")
            b.type("password", PASSWORD)
            b.click_button("Sign in")
            self.assertEqual(b.h1(), "Leads to call")
            self.assertIn("3 leads here are sealed", b.text())
            self.assertNotIn("Amara", b.text())
            b.type("passphrase", PASSPHRASE)
            b.click_button("Unlock")
            text = b.text()
            for name in ("Amara Okafor", "Dylan Fairweather", SCRIPT_NAME, "Tomasz Nowak"):
                self.assertIn(name, text)
            self.assertEqual(b.alerts(), 0)
            self.assertEqual(b.attr_of_link("07700 900461", "href"), "tel:07700900461")
            b.shots(shots, "leads")
            # Newest first: the York lead was made last.
            rows = b.rows()
            self.assertIn("Tomasz Nowak", rows[0])
            b.select("f-event", "Leeds Careers Fair 2026-03")
            b.select("f-role", "support-worker")
            b.click_button("Show")
            rows = b.rows()
            self.assertEqual(len(rows), 1, rows)
            self.assertIn("Dylan Fairweather", rows[0])
            self.assertIn("1 of 4 leads", b.text())
            b.select_in_row(0, "status", "Called")
            b.type_in_row(0, "note", "Rang at 10, call back on Tuesday")
            b.click_in_row(0, "Save")
            self.assertIn("role=support-worker", b.url())
            rows = b.rows()
            self.assertIn("Called by maria", rows[0])
            self.assertEqual(query(self.db, "SELECT lead_id, status, note, set_by FROM lead_calls"),
                             [(self.ids[1], "called", "Rang at 10, call back on Tuesday", "maria")])
            b.get(base + "/office/")
            b.select("f-event", "Leeds Careers Fair 2026-03")
            b.click_button("Show")
            b.click_link("Download CSV", download=True)
            got = b.wait_download("leads.csv")
            with open(got, encoding="utf-8-sig", newline="") as f:
                table = list(csv.reader(f))
            self.assertEqual(table[0][:4], ["created_at", "first_name", "last_name", "phone"])
            firsts = [r[1] for r in table[1:]]
            self.assertEqual(sorted(firsts), sorted(["Amara", "Dylan", SCRIPT_NAME]))
            by = {r[1]: r for r in table[1:]}
            self.assertEqual(by["Dylan"][table[0].index("call_status")], "called")
            self.assertEqual(by[SCRIPT_NAME][2], "'=HYPERLINK(\"x\")")   # Excel-safe
            self.assertEqual(by["Amara"][table[0].index("roles")], "home-care-worker")
            b.click_link("Download Excel (XLSX)", download=True)
            got = b.wait_download("leads.xlsx")
            import openpyxl
            ws = openpyxl.load_workbook(got).active
            cells = [[c.value for c in r] for r in ws.iter_rows()]
            self.assertEqual(cells[0][:3], ["created_at", "first_name", "last_name"])
            by = {r[1]: r for r in cells[1:]}
            self.assertEqual(set(by), {"Amara", "Dylan", SCRIPT_NAME})
            self.assertEqual(by["Amara"][3], "07700 900461")
            self.assertEqual(by["Amara"][9], "yes")
            self.assertEqual(by[SCRIPT_NAME][2], "=HYPERLINK(\"x\")")   # a string, not a formula
            self.assertEqual(ws.cell(row=2, column=3).data_type, "s")
            st, data = self.beat("leeds-library", [], content_version="v4",
                                 content_refused=REFUSED_WHY)
            self.assertEqual(st, 200, data)
            b.click_link("Kiosks")
            self.assertIn("leeds-library", b.text())
            self.assertIn("Content", b.text())
            [leeds] = [r for r in b.rows() if r.startswith("leeds-library")]
            self.assertIn("v4\nNew content refused: " + REFUSED_WHY, leeds)
            self.assertEqual(b.alerts(), 0)
            b.shots(shots, "kiosks")
            b.click_link("Events")
            self.assertIn("York Jobs Day", b.text())
            # The kiosks' funnel per event, summed over kiosks and hours,
            # beside the leads received for it.
            rows = b.rows()
            self.assertIn("Leeds Careers Fair 2026-03 26 9 5 5 3 3", rows)
            self.assertIn("York Jobs Day 7 2 1 1 1 1", rows)
            self.assertIn("Library pop-up 4 1 0 0 0 0", rows)
            self.assertIn(SCRIPT_NAME + " 1 0 0 0 0 0", rows)      # a tag is text
            self.assertEqual(b.alerts(), 0)
            for head in ("Visits", "Looked at jobs", "Tried the quiz", "Started the form",
                         "Sent their details", "Leads received"):
                self.assertIn(head, b.text())
            b.shots(shots, "events")
            kept = b.cookie("ck_session")
            b.click_button("Sign out")
            self.assertIn("/office/signin", b.url())
            st, _, page, _ = request(self.port, "GET", "/office/", cookies={"ck_session": kept})
            self.assertEqual(st, 303)
        actions = [a for (a,) in query(self.db, "SELECT action FROM office_audit")]
        for a in ("signin", "unlock", "view", "change", "export-csv", "export-xlsx", "signout"):
            self.assertIn(a, actions)
        self.log_is_clean()


class Office(Cases, unittest.TestCase):
    pass


class OfficePg(pglib.OnPostgres, Cases, unittest.TestCase):
    pass


if __name__ == "__main__":
    unittest.main()
