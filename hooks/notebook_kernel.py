"""Run the build's notebook kernels over IPC sockets in a private temporary directory, and stop them at once.

By default the kernel that executes the notebooks talks to the build over TCP on loopback,
unencrypted, and says so on every notebook with an ``[IPKernelApp] WARNING`` line. Local
sockets in a directory only this build can reach are the right transport here, and the
warning goes away with its cause.

mkdocs-jupyter loads the user's nbconvert configuration files, so the setting travels as a
``jupyter_nbconvert_config.json`` in a temporary directory put first on ``JUPYTER_CONFIG_PATH``
for the duration of the build. hooks/executed_notebooks.py, which executes the notebooks
(mkdocs-jupyter only renders them), loads the same configuration files.
"""

import json
import os
import shutil
import tempfile

_state = {}


def on_config(config, **kwargs):
    if "dir" not in _state:
        directory = tempfile.mkdtemp(prefix="nnadl-kernels-")
        settings = {
            "KernelManager": {"transport": "ipc", "ip": os.path.join(directory, "kernel")},
            # Stop each kernel at once when its notebook is done: a graceful shutdown request
            # races inside ipykernel 7.4 (its IO thread's event pipe closes while the control
            # handler still publishes "idle"), and the kernel then prints an uncaught
            # ZMQError traceback into the build log. Nothing is left to flush by then.
            "NotebookClient": {"shutdown_kernel": "immediate"},
        }
        with open(os.path.join(directory, "jupyter_nbconvert_config.json"), "w") as f:
            json.dump(settings, f)
        _state["dir"] = directory
        _state["previous"] = os.environ.get("JUPYTER_CONFIG_PATH")
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [directory, _state["previous"]]))
    return config


def on_shutdown(**kwargs):
    directory = _state.pop("dir", None)
    if directory is None:
        return
    previous = _state.pop("previous")
    if previous is None:
        os.environ.pop("JUPYTER_CONFIG_PATH", None)
    else:
        os.environ["JUPYTER_CONFIG_PATH"] = previous
    shutil.rmtree(directory, ignore_errors=True)
