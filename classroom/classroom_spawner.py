"""The spawner for a class on one machine.

Each student's notebook server runs as their own Unix user (JupyterHub's LocalProcessSpawner), inside a cgroup of
its own that the Linux kernel holds to the student's memory, CPU and process limits (JupyterHub's LocalProcessSpawner
only passes MEM_LIMIT/CPU_LIMIT on as variables). Under those walls Java gets limits of its own, so that a student who
fills memory gets an OutOfMemoryError in the cell, in their terms, long before the kernel is killed. On first start
the course (and any homework) is copied into the student's home; later starts add only files the student lacks.
"""
import errno
import math
import os
import pwd
import signal
import subprocess

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Unicode

CGROUP_ROOT = "/sys/fs/cgroup"


class CgroupLimits:
    """One student's cgroup: memory (no swap), CPU time and process count, on cgroup v1 or v2.

    v1 (separate memory, cpu and pids hierarchies, as on this project's machines) is tested here; v2 (the unified
    hierarchy of current systemd distributions) follows the kernel's documented interface and is not tested here.
    """

    def __init__(self, group, student, memory_bytes, cpus, pids, root=CGROUP_ROOT):
        self.group, self.student, self.root = group, student, root
        self.memory_bytes, self.cpus, self.pids = memory_bytes, cpus, pids

    @property
    def version(self):
        if os.path.exists(os.path.join(self.root, "cgroup.controllers")):
            return 2
        if os.path.isdir(os.path.join(self.root, "memory")):
            return 1
        return None

    def folders(self):
        """The student's cgroup folder in each hierarchy that holds one of the limits."""
        if self.version == 2:
            return [os.path.join(self.root, self.group, self.student)]
        return [os.path.join(self.root, controller, self.group, self.student)
                for controller in ("memory", "cpu", "pids")
                if os.path.isdir(os.path.join(self.root, controller))]

    def create(self):
        """Creates the cgroup folders and writes the limits; raises OSError where that is not allowed."""
        period = 100_000
        quota = int(self.cpus * period) if self.cpus else None
        if self.version == 2:
            parent = os.path.join(self.root, self.group)
            os.makedirs(parent, exist_ok=True)
            for folder in (self.root, parent):
                _write(os.path.join(folder, "cgroup.subtree_control"), "+memory +cpu +pids")
            folder = os.path.join(parent, self.student)
            os.makedirs(folder, exist_ok=True)
            if self.memory_bytes:
                _write(os.path.join(folder, "memory.max"), str(self.memory_bytes))
                _write_if_present(os.path.join(folder, "memory.swap.max"), "0")
            if quota:
                _write(os.path.join(folder, "cpu.max"), f"{quota} {period}")
            if self.pids:
                _write(os.path.join(folder, "pids.max"), str(self.pids))
            self._balance_class_cpu()
            return
        if self.version is None:
            raise OSError(errno.ENOENT, f"no cgroup hierarchy under {self.root}")
        for folder in self.folders():
            os.makedirs(folder, exist_ok=True)
            controller = folder[len(self.root) + 1:].split("/")[0]
            if controller == "memory" and self.memory_bytes:
                _write(os.path.join(folder, "memory.limit_in_bytes"), str(self.memory_bytes))
                _write_if_present(os.path.join(folder, "memory.memsw.limit_in_bytes"), str(self.memory_bytes))
            elif controller == "cpu" and quota:
                _write(os.path.join(folder, "cpu.cfs_period_us"), str(period))
                _write(os.path.join(folder, "cpu.cfs_quota_us"), str(quota))
            elif controller == "pids" and self.pids:
                _write(os.path.join(folder, "pids.max"), str(self.pids))
        self._balance_class_cpu()

    def _balance_class_cpu(self):
        """The class's folder weighs as much as its students together: under contention each student gets as much
        CPU as any one process outside the class (a folder otherwise weighs as one process, shared by all)."""
        if self.version == 2:
            parent, weight_file, unit, most = os.path.join(self.root, self.group), "cpu.weight", 100, 10_000
        else:
            parent, weight_file, unit, most = os.path.join(self.root, "cpu", self.group), "cpu.shares", 1024, 262_144
        if os.path.isdir(parent):
            students = sum(os.path.isdir(os.path.join(parent, entry)) for entry in os.listdir(parent))
            _write_if_present(os.path.join(parent, weight_file), str(min(most, unit * max(1, students))))

    def join_function(self):
        """A function for Popen's preexec_fn that moves the new process into the cgroup (before exec, as root)."""
        procs = [os.path.join(folder, "cgroup.procs") for folder in self.folders()]

        def join():
            for path in procs:
                fd = os.open(path, os.O_WRONLY)
                try:
                    os.write(fd, b"0")  # 0 is the writing process itself
                finally:
                    os.close(fd)

        return join

    def kill_all(self):
        """Kills what is left in the cgroup (a kernel the server did not stop, a process a cell started)."""
        for folder in self.folders():
            for pid in _read_pids(os.path.join(folder, "cgroup.procs")):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def remove(self):
        for folder in self.folders():
            try:
                os.rmdir(folder)
            except OSError:
                pass  # still busy (a process dying) or already gone: reused at the next start
        try:
            self._balance_class_cpu()
        except OSError:
            pass

    def describe(self):
        parts = []
        if self.memory_bytes:
            parts.append(f"memory {self.memory_bytes // 2**20} MiB")
        if self.cpus:
            parts.append(f"{self.cpus:g} CPU")
        if self.pids:
            parts.append(f"{self.pids} processes")
        return ", ".join(parts) + f" (cgroup v{self.version}: {' '.join(self.folders())})"


def _write(path, value):
    with open(path, "w") as f:
        f.write(value)


def _write_if_present(path, value):
    if os.path.exists(path):
        _write(path, value)


def _read_pids(path):
    try:
        with open(path) as f:
            return [int(line) for line in f if line.strip()]
    except OSError:
        return []


def java_options(memory_bytes, cpus):
    """Java's own limits under the cgroup's: heap 35 % and ND4J's native arrays 40 % of the student's memory,
    leaving a quarter for the JVM itself (classes, JShell's compiler, threads) and the notebook server."""
    options = []
    if memory_bytes:
        options += [f"-Xmx{int(memory_bytes * 0.35) // 2**20}m",
                    f"-Dorg.bytedeco.javacpp.maxBytes={int(memory_bytes * 0.40) // 2**20}m"]
    if cpus:
        options.append(f"-XX:ActiveProcessorCount={max(1, math.ceil(cpus))}")
    return options


class ClassroomSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with limits the Linux kernel enforces and the course copied into the student's home."""

    cgroup = Unicode("cuaderno", config=True,
                     help="Name of the cgroup folder that holds one sub-folder per student.")
    pids_limit = Integer(1024, config=True,
                         help="Most processes and threads one student may run (a JVM uses about 60).")
    course_source = Unicode("", config=True,
                            help="Folder copied into each student's home on every start (missing files only).")
    course_folder = Unicode("course", config=True, help="Name of the course folder in the student's home.")
    java_options = Unicode("", config=True, help="More JVM options for every student's kernel.")
    _enforced = False

    def limits(self):
        return CgroupLimits(self.cgroup, self.user.name, self.mem_limit, self.cpu_limit, self.pids_limit)

    def get_env(self):
        env = super().get_env()
        jvm = java_options(self.mem_limit, self.cpu_limit)
        if self.java_options:
            jvm.append(self.java_options)
        if jvm:
            env["CUADERNO_JVM_OPTS"] = " ".join(jvm)
        if self.cpu_limit:
            threads = str(max(1, math.ceil(self.cpu_limit)))
            env.setdefault("OMP_NUM_THREADS", threads)
            env.setdefault("OPENBLAS_NUM_THREADS", threads)
        return env

    def make_preexec_fn(self, name):
        switch_user = super().make_preexec_fn(name)
        if not self._enforced:
            return switch_user
        join = self.limits().join_function()

        def preexec():
            join()  # still root here: the cgroup's files belong to root
            switch_user()

        return preexec

    async def start(self):
        self._enforced = False
        if self.mem_limit or self.cpu_limit or self.pids_limit:
            limits = self.limits()
            try:
                limits.create()
                self._enforced = True
                self.log.info("Limits for %s: %s", self.user.name, limits.describe())
            except OSError as e:
                self.log.warning("Limits for %s NOT enforced by the system (%s); only Java's heap and native "
                                 "limits apply", self.user.name, e)
        self.copy_course()
        return await super().start()

    async def stop(self, now=False):
        await super().stop(now=now)
        limits = self.limits()
        limits.kill_all()
        limits.remove()

    def copy_course(self):
        """Copies the course into ~/course as the student (so a link in their home cannot redirect root's writes),
        adding only what is missing: a student's own work is never overwritten."""
        if not self.course_source or not os.path.isdir(self.course_source):
            return
        user = pwd.getpwnam(self.user.name)
        target = os.path.join(user.pw_dir, self.course_folder)
        copied = subprocess.run(["cp", "--recursive", "--no-clobber", "--preserve=timestamps",
                                 self.course_source + "/.", target + "/"] if os.path.isdir(target) else
                                ["cp", "--recursive", "--preserve=timestamps", self.course_source, target],
                                user=user.pw_uid, group=user.pw_gid, extra_groups=[], cwd=user.pw_dir,
                                capture_output=True, text=True)
        if copied.returncode != 0:
            self.log.warning("Copying the course into %s failed: %s", target, copied.stderr.strip())
