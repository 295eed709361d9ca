"""The README's first command, scripts/setup, through its start path: as root (a container), as `sudo
scripts/setup` from a user, and as that user without sudo. Each run installs the kernel for the right user, starts
Jupyter Notebook as that user, which prints its URL, and stops it again (CUADERNO_SETUP_EXIT_AFTER_URL=1). The
Debian packages are already there (CI ran scripts/setup --no-start), so no run installs any."""
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER = "cuaderno-setup-test"
TIMEOUT = 300


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("runuser") and shutil.which("useradd"),
                     "needs root, runuser and useradd (CI runs as root)")
class SetupCommandTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        subprocess.run(["userdel", "-r", USER], capture_output=True)  # left over from an interrupted run
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", USER], check=True)
        cls.user = pwd.getpwnam(USER)
        cls.scratch = tempfile.mkdtemp(prefix="cuaderno-setup-")
        os.chmod(cls.scratch, 0o755)
        cls.repo = cls.clone_for_user()
        cls.data = cls.copy_mnist()

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["userdel", "-r", USER], capture_output=True)
        shutil.rmtree(cls.scratch, ignore_errors=True)

    @classmethod
    def clone_for_user(cls):
        """The repository as a user's clone: the sources, the notebooks and the built jar, owned by the user."""
        repo = os.path.join(cls.scratch, "cuaderno")
        for folder in ("scripts", "notebooks", "src", "kernel", "tests"):  # setup installs the browser tests' package
            shutil.copytree(os.path.join(ROOT, folder), os.path.join(repo, folder), symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy2(os.path.join(ROOT, "pom.xml"), repo)
        os.makedirs(os.path.join(repo, "target"))
        shutil.copytree(os.path.join(ROOT, "target", "lib"), os.path.join(repo, "target", "lib"))
        jar = os.path.join(repo, "target", "cuaderno.jar")
        shutil.copy2(os.path.join(ROOT, "target", "cuaderno.jar"), jar)
        os.utime(jar)  # newer than every source: setup finds the build up to date (the test is about starting)
        subprocess.run(["chown", "-R", f"{USER}:", repo], check=True)
        return repo

    @classmethod
    def copy_mnist(cls):
        """MNIST where the user can read it, so that setup's `data fetch` finds it instead of downloading."""
        source = os.environ.get("CUADERNO_DATA") or os.path.expanduser("~/.cuaderno/data")
        data = os.path.join(cls.scratch, "data")
        shutil.copytree(source, data)
        subprocess.run(["chmod", "-R", "a+rX", data], check=True)
        return data

    def setup_env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}  # no private test Jupyter
        env.update(CUADERNO_SETUP_EXIT_AFTER_URL="1", CUADERNO_DATA=self.data, **extra)
        return env

    def run_setup(self, command, env):
        started = subprocess.run(command, cwd=self.repo, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        output = started.stdout + started.stderr
        self.assertEqual(started.returncode, 0, output)
        self.assertNotIn("Installing Debian packages", output, "the packages are there already")
        self.assertIn("target/cuaderno.jar is up to date", output)
        url = re.search(r"==> Jupyter Notebook was running at (http\S+)", output)
        self.assertIsNotNone(url, output)
        with self.assertRaises(urllib.error.URLError, msg="the server is stopped again"):
            urllib.request.urlopen(url.group(1), timeout=5)
        return output

    def forget_users_jupyter(self):
        shutil.rmtree(os.path.join(self.user.pw_dir, ".local/share/jupyter"), ignore_errors=True)

    def assert_installed_for_user(self):
        kernel = os.path.join(self.user.pw_dir, ".local/share/jupyter/kernels/cuaderno/kernel.json")
        self.assertEqual(os.stat(kernel).st_uid, self.user.pw_uid, "the kernel is the user's, not root's")
        runtime = os.path.join(self.user.pw_dir, ".local/share/jupyter/runtime")
        self.assertTrue(os.path.isdir(runtime), "Jupyter ran as the user (its runtime folder is in the user's home)")
        self.assertEqual(os.stat(runtime).st_uid, self.user.pw_uid)

    def test_as_root_in_a_container(self):
        jupyter = os.path.join(self.scratch, "root-jupyter")
        output = self.run_setup(["scripts/setup"], self.setup_env(
            JUPYTER_DATA_DIR=os.path.join(jupyter, "data"), JUPYTER_RUNTIME_DIR=os.path.join(jupyter, "runtime"),
            JUPYTER_CONFIG_DIR=os.path.join(jupyter, "config")))
        self.assertIn("for root", output)
        self.assertTrue(os.path.isfile(os.path.join(jupyter, "data", "kernels", "cuaderno", "kernel.json")))

    def test_under_sudo_everything_but_the_packages_is_the_users(self):
        self.forget_users_jupyter()
        output = self.run_setup(["scripts/setup"], self.setup_env(SUDO_USER=USER, HOME="/root"))
        self.assertIn(f"as {USER}", output)
        self.assert_installed_for_user()

    def test_as_the_user_without_sudo(self):
        self.forget_users_jupyter()
        env = self.setup_env(HOME=self.user.pw_dir, USER=USER, LOGNAME=USER)
        output = self.run_setup(["runuser", "-u", USER, "--", "scripts/setup"], env)
        self.assertIn(f"for {USER}", output)
        self.assert_installed_for_user()


if __name__ == "__main__":
    unittest.main()
