# JupyterHub 3.0 (Debian's jupyterhub + node-configurable-http-proxy) for a class on one machine, with Cuaderno.
# scripts/hub prepares the class folder and starts the hub with this file; each setting can be changed through the
# environment variable next to it (scripts/hub's options set them). Students log in with their Unix account (PAM).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classroom_spawner import ClassroomSpawner  # noqa: E402

c = get_config()  # noqa: F821 (defined by the config loader)
setting = os.environ.get

state = setting("CUADERNO_HUB_STATE", "/var/lib/cuaderno-hub")      # database, cookie secret, admin token
course = setting("CUADERNO_CLASS", "/srv/cuaderno")                  # course/, data/, jupyter/ (read by students)
port = int(setting("CUADERNO_HUB_PORT", "8000"))

# Debian's proxy finds its modules only in /usr/share/nodejs, where a NodeSource node does not look.
os.environ["NODE_PATH"] = ":".join(filter(None, [os.environ.get("NODE_PATH"), "/usr/share/nodejs"]))

c.JupyterHub.bind_url = f"http://{setting('CUADERNO_HUB_IP', '0.0.0.0')}:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 2}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")

# Students: Unix users in the class group (scripts/hub add-students creates them); admins are teachers. Users a
# teacher adds on the admin page get a Unix account too (they need a password from `scripts/hub add-students` or
# passwd to log in).
group = setting("CUADERNO_HUB_GROUP", "cuaderno-students")
c.PAMAuthenticator.open_sessions = False  # no login sessions (pam_systemd/loginuid fail without a login manager)
c.LocalAuthenticator.allowed_groups = {group}
c.LocalAuthenticator.create_system_users = True
c.LocalAuthenticator.add_user_cmd = ["useradd", "--create-home", "--groups", group]
c.Authenticator.admin_users = set(filter(None, setting("CUADERNO_HUB_ADMINS", "").split(",")))

# An admin token for scripts (adding students, bench/classroom): <state>/admin-token, made by scripts/hub.
token_file = os.path.join(state, "admin-token")
if os.path.exists(token_file):
    with open(token_file) as f:
        c.JupyterHub.services = [{"name": "classroom-admin", "api_token": f.read().strip()}]
    c.JupyterHub.load_roles = [{"name": "admin", "services": ["classroom-admin"]}]

# Each student's notebook server: Notebook 6.4 (jupyterhub-singleuser would pick jupyter_server, which has no
# notebook page in Debian 12), Cuaderno as the default kernel, the course copied in, limits enforced.
c.JupyterHub.spawner_class = ClassroomSpawner
c.Spawner.cmd = ["/usr/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/tree/course"
c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": os.path.join(course, "jupyter"),  # singleuser_config.py, as copied by scripts/hub
    "CUADERNO_DATA": os.path.join(course, "data"),          # MNIST, fetched once for the class, read-only
    "CUADERNO_CULL_IDLE": setting("CUADERNO_CULL_IDLE", "3600"),
}
if setting("CUADERNO_QUICK"):  # course notebooks on the embedded sample with fewer epochs (tests, trying it out)
    c.Spawner.environment["CUADERNO_QUICK"] = setting("CUADERNO_QUICK")
if setting("CUADERNO_HUB_JUPYTER_PATH"):  # a kernelspec outside the system folders (the tests' private one)
    c.Spawner.environment["JUPYTER_PATH"] = setting("CUADERNO_HUB_JUPYTER_PATH")
c.Spawner.mem_limit = setting("CUADERNO_HUB_MEM", "2G")
c.Spawner.cpu_limit = float(setting("CUADERNO_HUB_CPU", "1"))
c.ClassroomSpawner.cgroup = setting("CUADERNO_HUB_CGROUP", "cuaderno")
c.ClassroomSpawner.course_source = os.path.join(course, "course")
# ND4J's native libraries, extracted once by scripts/hub and shared read-only (else 390 MB into every home)
c.ClassroomSpawner.java_options = " ".join(filter(None, [
    f"-Dorg.bytedeco.javacpp.cachedir={os.path.join(course, 'javacpp-cache')}",
    setting("CUADERNO_HUB_JVM_OPTS", "")]))
# A whole class starting at once on a small machine takes a while (ten students on 2 cores: 13-16 s).
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
