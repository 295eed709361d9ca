# Each student's notebook server (Jupyter Notebook 6.4 under jupyterhub-singleuser). scripts/hub copies this file to
# <class folder>/jupyter/jupyter_notebook_config.py, which the hub puts on every student's JUPYTER_CONFIG_PATH.
import os

c = get_config()  # noqa: F821 (defined by the config loader)

c.MappingKernelManager.default_kernel_name = "cuaderno"

# Idle culling frees a forgotten kernel's memory: a kernel that ran nothing for CUADERNO_CULL_IDLE seconds is shut
# down, even with its tab still open, and a server with no kernel left stops itself after as long (the hub then
# starts it again at the student's next visit). 0 turns both off.
idle = int(os.environ.get("CUADERNO_CULL_IDLE", "3600"))
if idle > 0:
    c.MappingKernelManager.cull_idle_timeout = idle
    c.MappingKernelManager.cull_interval = max(1, min(300, idle // 4))
    c.MappingKernelManager.cull_connected = True
    c.NotebookApp.shutdown_no_activity_timeout = idle

# Notebook 6.4 leaves Nagle's algorithm on for the kernel's websocket, so each small reply waits for the browser's
# delayed ACK: a `1+1` cell took ~48 ms through the websocket against ~16 ms over ZMQ. TCP_NODELAY removes the wait.
from notebook.services.kernels.handlers import ZMQChannelsHandler  # noqa: E402

_open = ZMQChannelsHandler.open


def _open_without_nagle(self, kernel_id):
    self.set_nodelay(True)
    return _open(self, kernel_id)


ZMQChannelsHandler.open = _open_without_nagle
