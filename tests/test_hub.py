"""A class's JupyterHub as scripts/hub runs it (Debian's jupyterhub 3.0 and configurable-http-proxy), in private
folders on a free port: a student made by `scripts/hub add-students` logs in with their Unix password, their server
starts as them with the course in their home, Cuaderno is the default kernel, a cell runs over the hub's websocket,
the memory/CPU limits are set where Linux enforces them (a process over the memory limit is killed, the kernel lives),
and an idle kernel is culled."""
import asyncio
import glob
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "classroom"))

from classroom_spawner import CgroupLimits, java_options  # noqa: E402
from hubclient import HubProcess, kernel_pid  # noqa: E402

STUDENT = "cuaderno-hubtest"
MEMORY = 1 << 30
CULL_IDLE = 20


def free_port_block(count=3):
    """A port p with p .. p+count-1 all free (the hub uses three)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65535 and all(_free(port + i) for i in range(1, count)):
            return port
    raise RuntimeError("no free ports")


def _free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class CgroupFilesTests(unittest.TestCase):
    """The files the spawner writes, on a folder laid out like each cgroup version (v2 has no kernel to test on
    here: this is what it would be told)."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="cuaderno-cgroup-")

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.root])

    def read(self, *path):
        with open(os.path.join(self.root, *path)) as f:
            return f.read()

    def test_v2_limits_and_the_class_weight(self):
        for name in ("cgroup.controllers", "cgroup.subtree_control"):
            open(os.path.join(self.root, name), "w").close()
        os.makedirs(os.path.join(self.root, "class"))
        for name in ("cgroup.subtree_control", "cpu.weight"):
            open(os.path.join(self.root, "class", name), "w").close()
        os.makedirs(os.path.join(self.root, "class", "ana"))
        open(os.path.join(self.root, "class", "ana", "memory.swap.max"), "w").close()
        for student in ("ana", "luis"):
            CgroupLimits("class", student, 2 << 30, 1.5, 512, root=self.root).create()
        self.assertEqual(self.read("cgroup.subtree_control"), "+memory +cpu +pids")
        self.assertEqual(self.read("class", "ana", "memory.max"), str(2 << 30))
        self.assertEqual(self.read("class", "ana", "memory.swap.max"), "0")
        self.assertEqual(self.read("class", "ana", "cpu.max"), "150000 100000")
        self.assertEqual(self.read("class", "ana", "pids.max"), "512")
        self.assertEqual(self.read("class", "cpu.weight"), "200", "two students weigh as two processes")

    def test_v1_limits_in_each_hierarchy(self):
        for controller in ("memory", "cpu", "pids"):
            os.makedirs(os.path.join(self.root, controller, "class"))
        open(os.path.join(self.root, "cpu", "class", "cpu.shares"), "w").close()
        limits = CgroupLimits("class", "ana", 1 << 30, 1, 100, root=self.root)
        limits.create()
        self.assertEqual(self.read("memory", "class", "ana", "memory.limit_in_bytes"), str(1 << 30))
        self.assertEqual(self.read("cpu", "class", "ana", "cpu.cfs_quota_us"), "100000")
        self.assertEqual(self.read("pids", "class", "ana", "pids.max"), "100")
        self.assertEqual(self.read("cpu", "class", "cpu.shares"), "1024")
        for folder in limits.folders():  # a real cgroup folder empties itself; remove() only rmdirs
            for name in os.listdir(folder):
                os.remove(os.path.join(folder, name))
        limits.remove()
        self.assertFalse(os.path.exists(os.path.join(self.root, "memory", "class", "ana")))

    def test_no_cgroup_hierarchy_is_an_error_the_spawner_reports(self):
        with self.assertRaises(OSError):
            CgroupLimits("class", "ana", 1 << 30, 1, 100, root=self.root).create()

    def test_java_limits_under_the_students_memory(self):
        self.assertEqual(java_options(2 << 30, 1.5), ["-Xmx716m", "-Dorg.bytedeco.javacpp.maxBytes=819m",
                                                      "-XX:ActiveProcessorCount=2"])
        self.assertEqual(java_options(None, None), [])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@unittest.skipUnless(os.geteuid() == 0, "the hub needs root (PAM login, Unix accounts, servers run as students)")
class HubTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.loop = asyncio.new_event_loop()
        cls.hub_process = HubProcess(tempfile.mkdtemp(prefix="cuaderno-hub-"), free_port_block(),
                                     mem="1G", cpu="1", cull_idle=CULL_IDLE)
        try:
            cls.hub = cls.hub_process.start()
            cls.hub_process.students.append(STUDENT)
            added = subprocess.run([os.path.join(ROOT, "scripts", "hub"), "add-students", STUDENT],
                                   capture_output=True, text=True, check=True)
            cls.password = added.stdout.split()[1]
            cls.token = cls.wait(cls.hub.add_student(STUDENT))
            cls.wait(cls.hub.start_server(STUDENT))
            cls.kernel = cls.wait(cls.hub.open_kernel(STUDENT, cls.token))
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.hub_process.stop()
        cls.loop.close()

    @classmethod
    def wait(cls, coroutine):
        return cls.loop.run_until_complete(coroutine)

    def execute(self, code, timeout=300):
        cell = self.wait(self.kernel.execute(code, timeout))
        self.assertEqual(cell.status, "ok", cell.errors())
        return cell

    def login(self, username, password):
        form = urllib.parse.urlencode({"username": username, "password": password}).encode()
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(self.hub.url + "/hub/login", form, timeout=60)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def test_a_student_logs_in_with_their_unix_password(self):
        status, _ = self.login(STUDENT, self.password)
        self.assertEqual(status, 302, "a right password logs in and redirects")
        status, page = self.login(STUDENT, self.password + "x")
        self.assertEqual(status, 200, "a wrong password shows the login page again")
        self.assertIn("Invalid username or password", page)

    def test_only_the_class_group_may_log_in(self):
        outsider = STUDENT + "-x"
        self.hub_process.students.append(outsider)
        subprocess.run(["useradd", "--create-home", outsider], check=True)
        subprocess.run(["chpasswd"], input=f"{outsider}:pw-{outsider}", text=True, check=True)
        status, page = self.login(outsider, f"pw-{outsider}")
        self.assertEqual(status, 200, "a Unix user outside the class group is refused")
        self.assertIn("Invalid username or password", page)

    def test_the_course_is_in_the_students_home(self):
        home = os.path.expanduser(f"~{STUDENT}")
        expected = {os.path.relpath(p, os.path.join(ROOT, "notebooks"))
                    for p in glob.glob(os.path.join(ROOT, "notebooks", "*", "*.ipynb"))}
        self.assertTrue(expected)
        copied = {os.path.relpath(p, os.path.join(home, "course"))
                  for p in glob.glob(os.path.join(home, "course", "*", "*.ipynb"))}
        self.assertEqual(copied, expected)
        owner = os.stat(os.path.join(home, "course", sorted(expected)[0])).st_uid
        self.assertEqual(owner, os.stat(home).st_uid, "the copies belong to the student")

    def test_cuaderno_is_the_default_kernel_and_runs_cells(self):
        specs = self.wait(self.hub.server_api(STUDENT, self.token, "GET", "/kernelspecs"))
        self.assertEqual(specs["default"], "cuaderno")
        self.assertEqual(self.execute("1+1").value(), "2")
        self.execute("int answer = 41;")
        self.assertEqual(self.execute("answer + 1").value(), "42")
        self.assertEqual(self.execute('System.getProperty("user.name")').value(), STUDENT)

    def test_memory_and_cpu_limits_are_enforced(self):
        pid = kernel_pid(STUDENT, self.kernel.kernel_id)
        self.assertIsNotNone(pid, "the kernel runs as the student")
        limits = CgroupLimits(self.hub_process.cgroup, STUDENT, 0, 0, 0)
        if limits.version != 1:
            self.skipTest("written for cgroup v1 here; v2 reads other files")
        refused = [line for line in self.hub_process.log().splitlines() if "NOT enforced" in line]
        if refused:
            self.skipTest("this machine lets no one write cgroups: " + refused[0])
        with open(f"/proc/{pid}/cgroup") as f:
            memberships = f.read()
        self.assertIn(f":memory:/{self.hub_process.cgroup}/{STUDENT}\n", memberships)
        self.assertIn(f"/{self.hub_process.cgroup}/{STUDENT}\n", memberships.split(":cpu:")[1])
        folder = {os.path.basename(os.path.dirname(os.path.dirname(f))): f for f in limits.folders()}
        with open(os.path.join(folder["memory"], "memory.limit_in_bytes")) as f:
            self.assertEqual(int(f.read()), MEMORY)
        with open(os.path.join(folder["cpu"], "cpu.cfs_quota_us")) as f:
            self.assertEqual(int(f.read()), 100_000, "one CPU: 100 ms of every 100 ms period")
        # Java's heap is a third of the student's memory, so a big array is an OutOfMemoryError in the cell ...
        self.execute("int remembered = 41;")
        max_heap = int(self.execute("Runtime.getRuntime().maxMemory()").value())
        self.assertLess(max_heap, 0.4 * MEMORY)
        cell = self.wait(self.kernel.execute("long[] tooBig = new long[200_000_000];"))
        self.assertIn("OutOfMemoryError", "\n".join(cell.errors()))
        # ... and anything else over the limit is killed by Linux, not the kernel: a process the cell starts that
        # fills 2 GiB exits by SIGKILL (137), and the kernel answers after it.
        code = ('new ProcessBuilder("/usr/bin/python3", "-c", "b = bytearray(2 << 30); print(len(b))")'
                '.inheritIO().start().waitFor()')
        self.assertEqual(self.execute(code).value(), "137")
        self.assertEqual(self.execute("remembered").value(), "41")

    def test_zz_an_idle_kernel_is_culled(self):
        """Runs last (its own kernel): a kernel with nothing to do is shut down after the idle time."""
        kernel = self.wait(self.hub.open_kernel(STUDENT, self.token))
        self.wait(kernel.execute("1+1"))
        deadline = time.monotonic() + CULL_IDLE + 60
        while time.monotonic() < deadline:
            kernels = self.wait(self.hub.server_api(STUDENT, self.token, "GET", "/kernels"))
            if kernel.kernel_id not in [k["id"] for k in kernels]:
                break
            time.sleep(2)
        else:
            self.fail(f"the idle kernel was still running {CULL_IDLE + 60} s later")
        self.assertIsNone(kernel_pid(STUDENT, kernel.kernel_id), "its process is gone")
        self.wait(kernel.close())


if __name__ == "__main__":
    unittest.main()


@unittest.skipUnless(os.geteuid() == 0, "the hub needs root")
class ClassroomBenchTests(unittest.TestCase):
    """bench/classroom's CI variant: two students, lesson 001 in quick mode, a few `1+1` cells."""

    def test_two_students_in_quick_mode(self):
        done = subprocess.run([os.path.join(ROOT, "bench", "classroom"), "--students", "2", "--quick",
                               "--cells", "5", "--think", "0.2", "--port", str(free_port_block())],
                              capture_output=True, text=True, timeout=900)
        self.assertEqual(done.returncode, 0, done.stdout[-3000:] + done.stderr[-3000:])
        last = done.stdout.strip().splitlines()[-1]
        figures = dict(pair.split("=") for pair in last.removeprefix("classroom: ").split())
        self.assertEqual(list(figures), ["students", "idle_rss_mb", "trained_rss_mb", "cell_p50_ms", "cell_p90_ms",
                                         "fits_in_24g"], last)
        self.assertEqual(figures["students"], "2")
        self.assertGreater(float(figures["idle_rss_mb"]), 50, "a JVM with JShell is more than 50 MB")
        self.assertGreater(float(figures["trained_rss_mb"]), float(figures["idle_rss_mb"]))
        self.assertGreater(float(figures["cell_p90_ms"]), 0)
        self.assertGreaterEqual(float(figures["cell_p90_ms"]), float(figures["cell_p50_ms"]))
        self.assertGreater(int(figures["fits_in_24g"]), 0)
