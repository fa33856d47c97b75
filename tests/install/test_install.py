"""The appliance install, end to end and headless: `cmake --install` into a
temporary DESTDIR, then the INSTALLED carekiosk and kioskctl run from another
working directory with no --config/--assets/--data and find the installed
content, assets and data (and ./kiosk-config first, when there is one);
tools/install-kiosk --root writes /etc/carekiosk (once: staff edits survive a
second run), /var/lib/carekiosk (0700) and the systemd unit; the unit passes
`systemd-analyze verify` and tools/install-kiosk passes shellcheck (each
skipped with a message when the command is missing)."""
import filecmp
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from kiosk import check, report  # noqa: E402

BUILD = os.environ["KIOSK_BUILD"]
SRC = os.environ["KIOSK_SRC"]
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
PREFIX = "/usr/local"
MARK_SHARE = "Installed copy found"
MARK_CWD = "Working-directory copy found"


def run(args, cwd, env, stdin=None, timeout=120):
    r = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                       timeout=timeout)
    return r


def set_title(config, text):
    """Makes the attract screen's title text, so a run shows which copy it read."""
    path = os.path.join(config, "strings", "core.json")
    with open(path, encoding="utf-8") as f:
        s = f.read()
    old = '"attract.title": "Could you care?"'
    assert old in s, "attract.title is not where this test expects it"
    with open(path, "w", encoding="utf-8") as f:
        f.write(s.replace(old, '"attract.title": "%s"' % text))


def kiosk_shows(kiosk, text, cwd, env):
    r = run([kiosk, "--headless", "--today", "2026-11-23", "--script", "-"], cwd, env,
            stdin='expect-scene attract\nexpect "%s"\n' % text)
    check(r.returncode == 0 and r.stdout.split() == ["ok", "ok"],
          "installed carekiosk in %s shows %r: rc %d, out %r, err %r"
          % (cwd, text, r.returncode, r.stdout, r.stderr[-500:]))


def main():
    tmp = tempfile.mkdtemp(prefix="carekiosk-install-")
    try:
        test(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report("install")


def check_usb_rules(root):
    """The udev rule that mounts USB sticks where Export to USB looks: one
    folder under /media (staff.usb_dirs' default), owned by the kiosk's user,
    for FAT and exFAT; every line is a well-formed udev rule."""
    path = os.path.join(root, "etc", "udev", "rules.d", "99-carekiosk-usb.rules")
    check(os.path.isfile(path), "install-kiosk wrote " + path)
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    pair = r'[A-Z_]+(\{[A-Za-z_]+\})?(==|!=|\+=|=)"[^"]*"'
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            check(re.fullmatch(pair + r'(, ' + pair + r')*', line) is not None,
                  f"99-carekiosk-usb.rules:{n}: not a udev rule: {line}")
    runs = re.findall(r'ENV\{ID_FS_TYPE\}=="([a-z]+)", RUN\{program\}\+="([^"]*)"', text)
    check(sorted(t for t, _ in runs) == ["exfat", "vfat"], f"USB rule file systems: {runs}")
    for fstype, cmd in runs:
        words = cmd.split()
        check(words[0] == "/usr/bin/systemd-mount" and words[-1] == "/media/carekiosk-%k"
              and words[-2] == "$devnode", f"{fstype}: mounts the stick at /media/<name>: {cmd}")
        check("uid=carekiosk,gid=carekiosk" in cmd, f"{fstype}: the kiosk's user owns it: {cmd}")


def check_backlight_rules(root):
    """The udev rule that lets the group video write the backlight's
    bl_power (screen.off_hours), in well-formed udev syntax."""
    path = os.path.join(root, "etc", "udev", "rules.d", "99-carekiosk-backlight.rules")
    check(os.path.isfile(path), "install-kiosk wrote " + path)
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        lines = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    pair = r'[A-Z_]+(\{[A-Za-z_]+\})?(==|!=|\+=|=)"[^"]*"'
    for line in lines:
        check(re.fullmatch(pair + r'(, ' + pair + r')*', line) is not None,
              f"99-carekiosk-backlight.rules: not a udev rule: {line}")
    text = "\n".join(lines)
    check('SUBSYSTEM=="backlight"' in text and "chgrp video /sys%p/bl_power" in text
          and "chmod g+w /sys%p/bl_power" in text, "the group video may write bl_power")


def test(tmp):
    root = os.path.join(tmp, "root")
    work = os.path.join(tmp, "work")
    xdg = os.path.join(tmp, "xdg")
    for d in (root, work, xdg):
        os.makedirs(d)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", HOME=tmp, XDG_DATA_HOME=xdg,
               DESTDIR=root)

    # 1. cmake --install puts everything where the README says.
    r = run([CMAKE, "--install", BUILD, "--prefix", PREFIX], tmp, env, timeout=300)
    check(r.returncode == 0, "cmake --install: " + r.stderr[-500:])
    env.pop("DESTDIR")
    bindir = root + PREFIX + "/bin"
    share = root + PREFIX + "/share/carekiosk"
    for prog in ["carekiosk", "kioskctl", "escpos-decode"] + \
            (["carekiosk-receiver"] if os.path.exists(os.path.join(BUILD, "tools",
                                                                    "carekiosk-receiver"))
             else []):
        p = os.path.join(bindir, prog)
        check(os.access(p, os.X_OK), "%s installed and executable" % p)
    for f in ["assets/fonts/NotoSans-Regular.ttf", "assets/images/attract.svg",
              "kiosk-config/kiosk.json", "kiosk-config/strings/core.json",
              "kiosk-config/courses.csv"]:
        check(os.path.isfile(os.path.join(share, f)), "share/carekiosk/%s installed" % f)
    cmp = filecmp.dircmp(os.path.join(SRC, "kiosk-config"), os.path.join(share, "kiosk-config"))
    check(not cmp.left_only and not cmp.diff_files,
          "pristine copy matches kiosk-config/: missing %s, differ %s"
          % (cmp.left_only, cmp.diff_files))
    kiosk = os.path.join(bindir, "carekiosk")
    kioskctl = os.path.join(bindir, "kioskctl")

    # 2. --help says where an installed copy looks, with the real folders.
    r = run([kiosk, "--help"], work, env)
    check(r.returncode == 0 and "installed copy" in r.stdout and share in r.stdout
          and "/etc/carekiosk" in r.stdout,
          "installed carekiosk --help names its search order: " + r.stdout[-600:])
    r = run([kioskctl, "--help"], work, env)
    check(r.returncode == 0 and share + "/kiosk-config" in r.stdout,
          "installed kioskctl --help names its search order: " + r.stdout[-600:])
    r = run([os.path.join(BUILD, "src", "carekiosk"), "--help"], work, env)
    check(SRC + "/kiosk-config" in r.stdout and "build tree" in r.stdout,
          "build-tree carekiosk --help names the source tree: " + r.stdout[-600:])

    # 3. The installed kiosk, from an empty working directory, no folder flags:
    #    the installed content and assets, data in $XDG_DATA_HOME/carekiosk.
    set_title(os.path.join(share, "kiosk-config"), MARK_SHARE)
    if os.path.isdir("/etc/carekiosk"):
        print("note: /etc/carekiosk exists on this machine, so the installed kiosk reads it;"
              " skipping the pristine-copy checks")
    else:
        kiosk_shows(kiosk, MARK_SHARE, work, env)
    if os.path.isdir("/var/lib/carekiosk"):
        print("note: /var/lib/carekiosk exists here; not checking the XDG data fallback")
    else:
        check(os.path.isfile(os.path.join(xdg, "carekiosk", "leads.db")),
              "installed kiosk keeps its data in $XDG_DATA_HOME/carekiosk")
        r = run([kioskctl, "stats"], work, env)
        check(r.returncode == 0, "installed kioskctl stats finds the kiosk's data: rc %d %s"
              % (r.returncode, r.stderr))

    # 4. ./kiosk-config in the working directory comes first; assets still
    #    come from the install (there is no ./assets).
    here = os.path.join(tmp, "here")
    os.makedirs(here)
    shutil.copytree(os.path.join(SRC, "kiosk-config"), os.path.join(here, "kiosk-config"))
    set_title(os.path.join(here, "kiosk-config"), MARK_CWD)
    kiosk_shows(kiosk, MARK_CWD, here, env)

    # 5. Installed kioskctl check, same way; it fails on a broken installed copy.
    if not os.path.isdir("/etc/carekiosk"):
        r = run([kioskctl, "check"], work, env)
        check(r.returncode == 0 and "all good" in r.stdout,
              "installed kioskctl check: rc %d %s %s" % (r.returncode, r.stdout, r.stderr))

    # 6. install-kiosk --root: the config copy, the data folder, the unit.
    ik = os.path.join(SRC, "tools", "install-kiosk")
    r = run([ik, "--root", root], tmp, env)
    check(r.returncode == 0, "install-kiosk --root: " + r.stdout + r.stderr)
    etc = os.path.join(root, "etc", "carekiosk")
    cmp = filecmp.dircmp(os.path.join(share, "kiosk-config"), etc)
    check(os.path.isdir(etc) and not cmp.left_only and not cmp.diff_files,
          "/etc/carekiosk is a copy of the pristine content")
    data = os.path.join(root, "var", "lib", "carekiosk")
    check(os.path.isdir(data) and stat.S_IMODE(os.stat(data).st_mode) == 0o700,
          "/var/lib/carekiosk exists with mode 0700")
    unitpath = os.path.join(root, "etc", "systemd", "system", "carekiosk.service")
    with open(unitpath, encoding="utf-8") as f:
        unit = f.read()
    check("ExecStart=%s/bin/carekiosk --config /etc/carekiosk --data /var/lib/carekiosk\n"
          % PREFIX in unit and "@BINDIR@" not in unit,
          "the unit runs the installed kiosk with /etc/carekiosk and /var/lib/carekiosk")
    for line in ["Restart=on-failure", "TTYPath=/dev/tty1", "User=carekiosk",
                 "Conflicts=getty@tty1.service",
                 "ReadWritePaths=-/media -/run/media -/sys/devices/platform"]:
        check(line + "\n" in unit, "the unit has " + line)
    r = run([kioskctl, "check", "--config", etc], work, env)
    check(r.returncode == 0, "kioskctl check of the /etc copy: " + r.stdout + r.stderr)
    check_usb_rules(root)
    check_backlight_rules(root)
    pk = os.path.join(root, "etc", "polkit-1", "rules.d", "50-carekiosk.rules")
    text = open(pk, encoding="utf-8").read() if os.path.isfile(pk) else ""
    check("org.freedesktop.NetworkManager.settings.modify.system" in text
          and "org.freedesktop.timedate1.set-time" in text,
          "install-kiosk wrote the polkit rule for Wi-Fi and the clock")

    # A second run (an upgrade) keeps staff's edits and changes nothing else.
    kjson = os.path.join(etc, "kiosk.json")
    with open(kjson, encoding="utf-8") as f:
        edited = f.read().replace('"kiosk-1"', '"hall-2"')
    with open(kjson, "w", encoding="utf-8") as f:
        f.write(edited)
    r = run([ik, "--root", root], tmp, env)
    check(r.returncode == 0 and "kept /etc/carekiosk" in r.stdout,
          "install-kiosk --root again: " + r.stdout + r.stderr)
    with open(kjson, encoding="utf-8") as f:
        check(f.read() == edited, "a second install-kiosk keeps staff's edits to kiosk.json")
    with open(unitpath, encoding="utf-8") as f:
        check(f.read() == unit, "a second install-kiosk writes the same unit")
    r = run([ik, "--root", os.path.join(tmp, "nowhere")], tmp, env)
    check(r.returncode != 0, "install-kiosk --root with no such folder fails")
    r = run([ik, "--root", work], tmp, env)
    check(r.returncode != 0 and "cmake --install" in r.stderr,
          "install-kiosk --root without an install says to install first: " + r.stderr)

    # 7. The unit, as systemd reads it (the binary's path made the DESTDIR one).
    if shutil.which("systemd-analyze"):
        verify(tmp, unit, bindir, env)
    else:
        print("note: systemd-analyze not found; skipping the unit check")

    # 8. A broken installed copy makes the installed kioskctl check fail.
    if not os.path.isdir("/etc/carekiosk"):
        with open(os.path.join(share, "kiosk-config", "kiosk.json"), "a") as f:
            f.write("}\n")
        r = run([kioskctl, "check"], work, env)
        check(r.returncode == 1 and share + "/kiosk-config/kiosk.json" in r.stdout,
              "kioskctl check reports the broken installed kiosk.json: " + r.stdout)

    # 9. sudo kioskctl works as the data folder's owner; without sudo it says how.
    if os.geteuid() == 0 and shutil.which("setpriv"):
        as_owner(tmp, kiosk, kioskctl, work, env)
    else:
        print("note: not root or no setpriv; skipping the sudo kioskctl checks")

    if shutil.which("shellcheck"):
        r = run(["shellcheck", ik], tmp, env)
        check(r.returncode == 0, "shellcheck tools/install-kiosk:\n" + r.stdout)
    else:
        print("note: shellcheck not found; skipping it")


def as_owner(tmp, kiosk, kioskctl, work, env):
    """The kiosk's user is played by nobody (65534); root plays sudo."""
    os.chmod(tmp, 0o755)
    data = os.path.join(tmp, "owned")
    os.mkdir(data, 0o700)
    os.chown(data, 65534, 65534)
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    config = os.path.join(tmp, "root", "etc", "carekiosk")
    r = run(nobody + [kiosk, "--headless", "--config", config, "--data", data, "--script", "-"],
            work, env,
            stdin="expect-scene attract\n")
    check(r.returncode == 0, "the kiosk as its own user: " + r.stdout + r.stderr)
    r = run([kioskctl, "set-pin", "--config", config, "--data", data], work, env,
            stdin="2468\n")
    check(r.returncode == 0, "sudo kioskctl set-pin: " + r.stdout + r.stderr)
    r = run([kioskctl, "stats", "--config", config, "--data", data], work, env)
    check(r.returncode == 0, "sudo kioskctl stats: " + r.stdout + r.stderr)
    # Proof that it really is the owner: a root-only folder is out of reach,
    # and the shell's `> leads.csv` is how staff save an export.
    rootonly = os.path.join(tmp, "rootonly")
    os.mkdir(rootonly, 0o700)
    r = run([kioskctl, "export", "--config", config, "--data", data, "--out",
             os.path.join(rootonly, "leads.csv")], work, env)
    check(r.returncode != 0, "sudo kioskctl runs as the data folder's owner, not root")
    r = run([kioskctl, "export", "--format", "csv", "--config", config, "--data", data], work,
            env)
    check(r.returncode == 0 and r.stdout.startswith("\ufeff"),
          "sudo kioskctl export writes CSV to stdout: " + r.stderr)
    for name in os.listdir(data):
        st = os.stat(os.path.join(data, name))
        check(st.st_uid == 65534, "%s still belongs to the kiosk's user after sudo kioskctl"
              % name)
    r = run(["setpriv", "--reuid=1", "--regid=1", "--clear-groups", kioskctl, "stats",
             "--data", data], work, env)
    check(r.returncode == 1 and "sudo kioskctl stats" in r.stderr,
          "kioskctl without sudo says to use sudo: rc %d %s" % (r.returncode, r.stderr))


def verify(tmp, unit, bindir, env):
    vdir = os.path.join(tmp, "verify")
    os.makedirs(vdir)
    good = os.path.join(vdir, "carekiosk.service")
    with open(good, "w", encoding="utf-8") as f:
        f.write(unit.replace("ExecStart=%s/bin/" % PREFIX, "ExecStart=%s/" % bindir))
    r = run(["systemd-analyze", "verify", good], vdir, env)
    check(r.returncode == 0 and not (r.stdout + r.stderr).strip(),
          "systemd-analyze verify carekiosk.service: rc %d\n%s%s"
          % (r.returncode, r.stdout, r.stderr))
    # The check itself can fail: a misspelt key is reported.
    badd = os.path.join(vdir, "bad")
    os.makedirs(badd)
    with open(os.path.join(badd, "carekiosk.service"), "w", encoding="utf-8") as f:
        f.write(open(good, encoding="utf-8").read().replace("TTYPath=", "TTYPth="))
    r = run(["systemd-analyze", "verify", os.path.join(badd, "carekiosk.service")], vdir, env)
    check("TTYPth" in r.stdout + r.stderr, "systemd-analyze verify notices a misspelt key")


if __name__ == "__main__":
    main()
