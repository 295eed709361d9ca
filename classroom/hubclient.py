"""Talking to a class's JupyterHub as a script would: the hub's REST API (students, tokens, servers) and a kernel
over the Jupyter websocket protocol through the hub's proxy, as the notebook page does. Used by bench/classroom and
tests/test_hub.py; asyncio on Debian's tornado, so one process can be a whole class."""
import asyncio
import datetime
import json
import os
import pwd
import shutil
import signal
import subprocess
import time
import uuid

from classroom_spawner import CgroupLimits
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Hub:
    """The hub's REST API with an admin token (scripts/hub writes one to <state>/admin-token)."""

    def __init__(self, url, admin_token):
        self.url = url.rstrip("/")
        self.admin_token = admin_token
        self.http = AsyncHTTPClient(max_clients=64)

    async def api(self, method, path, body=None, token=None, timeout=60):
        request = HTTPRequest(self.url + "/hub/api" + path, method=method,
                              headers={"Authorization": f"token {token or self.admin_token}"},
                              body=None if body is None and method == "GET" else json.dumps(body or {}),
                              allow_nonstandard_methods=True, request_timeout=timeout)
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def ready(self):
        try:
            await self.api("GET", "/")
            return True
        except (HTTPClientError, OSError):
            return False

    async def add_student(self, name):
        """Creates the user (the hub creates the Unix account) and returns a token for them."""
        try:
            await self.api("POST", f"/users/{name}")
        except HTTPClientError as e:
            if e.code != 409:  # 409: exists already
                raise
        token = await self.api("POST", f"/users/{name}/tokens", {"note": "classroom client", "expires_in": 86400})
        return token["token"]

    async def start_server(self, name, timeout=300):
        """Starts the student's notebook server (as the student would by logging in); returns the seconds it took."""
        start = time.monotonic()
        try:
            await self.api("POST", f"/users/{name}/server")
        except HTTPClientError as e:
            if e.code != 400:  # 400: already running
                raise
        while time.monotonic() - start < timeout:
            user = await self.api("GET", f"/users/{name}")
            server = user.get("servers", {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - start
            if not server.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting (see the hub's log)")
            await asyncio.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready after {timeout} s")

    async def stop_server(self, name):
        try:
            await self.api("DELETE", f"/users/{name}/server", timeout=120)
        except HTTPClientError as e:
            if e.code not in (204, 400, 404):
                raise

    async def server_api(self, name, token, method, path, body=None):
        """A call to the student's own notebook server through the proxy (/user/NAME/api/...)."""
        request = HTTPRequest(f"{self.url}/user/{name}/api{path}", method=method,
                              headers={"Authorization": f"token {token}"},
                              body=None if method in ("GET", "DELETE") else json.dumps(body or {}),
                              request_timeout=120)
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def open_kernel(self, name, token, kernel="cuaderno"):
        """Starts a kernel in the student's server and connects to it over the websocket."""
        info = await self.server_api(name, token, "POST", "/kernels", {"name": kernel})
        ws_url = self.url.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{info['id']}/channels"
        socket = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}),
                                         max_message_size=64 * 2**20)
        session = KernelSession(self, name, token, info["id"], socket)
        await session.wait_ready()
        return session


class Cell:
    """What one execute request produced: status, outputs (iopub contents with their type) and wall time."""

    def __init__(self, reply, outputs, seconds):
        self.reply, self.outputs, self.seconds = reply, outputs, seconds

    @property
    def status(self):
        return self.reply["status"]

    def text(self, stream="stdout"):
        return "".join(o["text"] for o in self.outputs if o["type"] == "stream" and o["name"] == stream)

    def errors(self):
        return [f"{o['ename']}: {o['evalue']}" for o in self.outputs if o["type"] == "error"] + \
            ([self.text("stderr")] if self.text("stderr") else [])

    def value(self):
        for o in self.outputs:
            if o["type"] == "execute_result":
                return o["data"].get("text/plain")
        return None


class KernelSession:
    """One kernel, spoken to over the Jupyter websocket protocol (JSON frames with a 'channel' field)."""

    def __init__(self, hub, name, token, kernel_id, socket):
        self.hub, self.name, self.token, self.kernel_id, self.socket = hub, name, token, kernel_id, socket
        self.session = uuid.uuid4().hex
        self.pending = {}  # msg_id -> {"outputs": [...], "reply": ..., "idle": bool, "done": Future}
        self.reader = asyncio.ensure_future(self._read())

    def _send(self, channel, msg_type, content):
        msg_id = uuid.uuid4().hex
        self.socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": self.session,
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    async def _read(self):
        while True:
            raw = await self.socket.read_message()
            if raw is None:
                for request in self.pending.values():
                    if not request["done"].done():
                        request["done"].set_exception(ConnectionError(f"{self.name}'s kernel websocket closed"))
                return
            if isinstance(raw, bytes):
                continue  # binary frames carry buffers, which these cells do not use
            msg = json.loads(raw)
            request = self.pending.get(msg["parent_header"].get("msg_id"))
            if request is None:
                continue
            kind = msg["header"]["msg_type"]
            if msg["channel"] == "iopub":
                if kind == "status":
                    request["idle"] = msg["content"]["execution_state"] == "idle"
                elif kind not in ("execute_input",):
                    request["outputs"].append(dict(msg["content"], type=kind))
            elif msg["channel"] in ("shell", "control"):
                request["reply"] = msg["content"]
            if request["idle"] and request["reply"] is not None and not request["done"].done():
                request["done"].set_result(None)

    async def request(self, channel, msg_type, content, timeout):
        start = time.monotonic()
        request = {"outputs": [], "reply": None, "idle": False, "done": asyncio.get_running_loop().create_future()}
        msg_id = self._send(channel, msg_type, content)
        self.pending[msg_id] = request
        try:
            await asyncio.wait_for(request["done"], timeout)
        finally:
            self.pending.pop(msg_id, None)
        return Cell(request["reply"], request["outputs"], time.monotonic() - start)

    async def wait_ready(self, timeout=120):
        """kernel_info until the kernel answers (the websocket opens before the kernel listens)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return await self.request("shell", "kernel_info_request", {}, timeout=5)
            except asyncio.TimeoutError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name}'s kernel did not answer in {timeout} s")

    async def execute(self, code, timeout=600):
        return await self.request("shell", "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}, timeout)

    async def close(self):
        self.reader.cancel()
        self.socket.close()
        try:
            await self.hub.server_api(self.name, self.token, "DELETE", f"/kernels/{self.kernel_id}")
        except (HTTPClientError, OSError):
            pass  # the server may be gone already


def processes_of(user):
    """(pid, command line) of every process the Unix user runs."""
    uid = pwd.getpwnam(user).pw_uid
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid != uid:
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                found.append((int(pid), f.read().replace(b"\0", b" ").decode(errors="replace")))
        except OSError:
            pass
    return found


def memory_mb(pid):
    """Resident (RSS) and proportional (PSS: shared pages split among their users) memory of a process, in MB."""
    values = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("Rss", "Pss"):
                    values[key] = int(rest.split()[0]) / 1024
    except OSError:
        return 0.0, 0.0
    return values.get("Rss", 0.0), values.get("Pss", 0.0)


def kernel_pid(user, kernel_id):
    for pid, command in processes_of(user):
        if f"kernel-{kernel_id}.json" in command and "java" in command:
            return pid
    return None


class HubProcess:
    """A hub started with scripts/hub in private folders (its own port, state, class folder, kernelspec and cgroup),
    for tests and benchmarks; stopping it stops the students' servers and removes the accounts it made."""

    def __init__(self, work, port, mem="2G", cpu="1", cull_idle=3600, extra=()):
        self.work, self.port = work, port
        os.makedirs(work, exist_ok=True)
        os.chmod(work, 0o755)  # students read the class folder and the kernelspec below it
        self.state = os.path.join(work, "state")
        self.cgroup = f"cuaderno-{os.path.basename(work)}"
        self.args = [os.path.join(ROOT, "scripts", "hub"), "--ip", "127.0.0.1", "--port", str(port),
                     "--state", self.state, "--class", os.path.join(work, "class"),
                     "--kernel-prefix", os.path.join(work, "kernel"), "--cgroup", self.cgroup,
                     "--mem", mem, "--cpu", str(cpu), "--cull-idle", str(cull_idle), *extra]
        self.log_path = os.path.join(work, "hub.log")
        self.process = None
        self.students = []

    def start(self, timeout=120):
        log = open(self.log_path, "w")
        env = dict(os.environ, PATH="/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        self.process = subprocess.Popen(self.args, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the hub stopped: " + self.log()[-3000:])
            token_file = os.path.join(self.state, "admin-token")
            if os.path.exists(token_file) and "JupyterHub is now running" in self.log():
                with open(token_file) as f:
                    return Hub(f"http://127.0.0.1:{self.port}", f.read().strip())
            time.sleep(0.3)
        raise TimeoutError("the hub did not start: " + self.log()[-3000:])

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self, keep_log=None):
        """Stops the hub (and so every student's server), removes the accounts and cgroups it made and its folder;
        keep_log: a path that gets the hub's log first."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the hub stops every student's server on its way out
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for name in self.students:
            limits = CgroupLimits(self.cgroup, name, 0, 0, 0)
            limits.kill_all()  # anything of the student's that outlived the hub
            limits.remove()
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for folder in {os.path.dirname(f) for f in CgroupLimits(self.cgroup, "-", 0, 0, 0).folders()}:
            try:
                os.rmdir(folder)
            except OSError:
                pass
        if keep_log and os.path.exists(self.log_path):
            os.makedirs(os.path.dirname(keep_log), exist_ok=True)
            shutil.copy(self.log_path, keep_log)
        shutil.rmtree(self.work, ignore_errors=True)
