"""A real headless Chromium for the office page's tests: Debian's chromium
and chromium-driver through python3-selenium (tools/setup test installs
them; tests run /usr/bin/python3). Only 127.0.0.1 is visited. The helpers
find things the way a person does: by label text, button text, link text."""
import os
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


class Browser:
    def __init__(self, downloads):
        self.downloads = downloads
        self.profile = tempfile.mkdtemp(prefix="carekiosk-chromium-")
        o = webdriver.ChromeOptions()
        o.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--user-data-dir=" + self.profile, "--window-size=1280,800",
                  "--no-first-run", "--disable-extensions", "--disable-sync",
                  "--disable-background-networking", "--lang=en-GB"):
            o.add_argument(a)
        o.add_experimental_option("prefs", {"download.default_directory": downloads,
                                            "download.prompt_for_download": False})
        svc = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.d = webdriver.Chrome(service=svc, options=o)
        self.d.set_page_load_timeout(60)
        self.d.execute_cdp_cmd("Page.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": downloads})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.d.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def get(self, url):
        self.d.get(url)

    def url(self):
        return self.d.current_url

    def h1(self):
        return self.d.find_element(By.TAG_NAME, "h1").text

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def type(self, field_id, value):
        e = self.d.find_element(By.ID, field_id)
        e.clear()
        e.send_keys(value)

    def select(self, field_id, visible):
        Select(self.d.find_element(By.ID, field_id)).select_by_visible_text(visible)

    def _navigate(self, element):
        """Clicks element and waits for the next page to replace this one.
        The old page is marked with a script variable and the wait is for a
        document without it: asking whether the old <html> node went stale
        can race Chromium's own swap of documents ("Node with given id does
        not belong to the document"), and a script run mid-swap may fail
        too, so such errors only mean "not yet"."""
        self.d.execute_script("window.__carekiosk_old_page = true;")
        element.click()

        def replaced(d):
            return d.execute_script(
                "return window.__carekiosk_old_page === undefined"
                " && document.readyState === 'complete';")

        WebDriverWait(self.d, 60, ignored_exceptions=(WebDriverException,)).until(replaced)

    def click_button(self, text):
        for b in self.d.find_elements(By.TAG_NAME, "button"):
            if b.text.strip() == text:
                self._navigate(b)
                return
        raise AssertionError("no button %r on %s" % (text, self.url()))

    def click_link(self, text, download=False):
        e = self.d.find_element(By.LINK_TEXT, text)
        if download:
            e.click()
        else:
            self._navigate(e)

    def attr_of_link(self, text, attr):
        return self.d.find_element(By.LINK_TEXT, text).get_attribute(attr)

    def _rows(self):
        return self.d.find_elements(By.CSS_SELECTOR, "tbody tr")

    def rows(self):
        return [r.text for r in self._rows()]

    def select_in_row(self, i, name, visible):
        e = self._rows()[i].find_element(By.NAME, name)
        Select(e).select_by_visible_text(visible)

    def type_in_row(self, i, name, value):
        e = self._rows()[i].find_element(By.NAME, name)
        e.clear()
        e.send_keys(value)

    def click_in_row(self, i, text):
        for b in self._rows()[i].find_elements(By.TAG_NAME, "button"):
            if b.text.strip() == text:
                self._navigate(b)
                return
        raise AssertionError("no button %r in row %d" % (text, i))

    def alerts(self):
        """1 if a JavaScript alert is open (an injected script ran), else 0."""
        try:
            self.d.switch_to.alert.dismiss()
            return 1
        except Exception:
            return 0

    def cookie(self, name):
        c = self.d.get_cookie(name)
        return c["value"] if c else None

    def wait_download(self, name, timeout=30):
        path = os.path.join(self.downloads, name)
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
                return path
            time.sleep(0.1)
        raise AssertionError("%s was not downloaded: %s" % (name, os.listdir(self.downloads)))

    def shots(self, folder, name):
        """The page at 1280x800 and at a phone's 390 wide (whole height)."""
        for w, h in ((1280, 800), (390, 844)):
            self.d.set_window_size(w, h)
            time.sleep(0.2)
            full = self.d.execute_script("return document.documentElement.scrollHeight")
            self.d.set_window_size(w, max(h, min(full + 140, 4000)) if w < 1000 else h)
            time.sleep(0.2)
            self.d.save_screenshot(os.path.join(folder, "%s-%d.png" % (name, w)))
        self.d.set_window_size(1280, 800)
