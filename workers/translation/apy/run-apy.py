#!/usr/bin/python3
# Starts Apertium APY (Debian's apertium-apy) listening on one address only.
#
# APY's own main() calls HTTPServer.bind(port) with no address, which listens on every interface; it
# has no option for the address. This wrapper makes every Tornado bind use CONFAB_APY_HOST (default
# 127.0.0.1), then runs APY's main() unchanged, so every APY option still works:
#
#   /usr/bin/python3 run-apy.py [-p 2737] /usr/share/apertium/modes
#
# Run it with Debian's /usr/bin/python3 (where the package installed apertium_apy and tornado), under a
# UTF-8 locale (APY refuses to start otherwise; LC_ALL=C.UTF-8 does).
#
# CONFAB_APY_EXIT_WITH_STDIN=1 (set by the node that starts it, which holds the other end of its stdin):
# APY and the Apertium pipelines it spawns get a process group of their own, killed whole once stdin
# reaches end of file, that is once the node is gone however it went (kill -9 included). Otherwise an
# orphaned APY would keep the port and the next node would silently use it.
import os
import signal
import sys
import threading

import tornado.tcpserver

HOST = os.environ.get("CONFAB_APY_HOST", "127.0.0.1")
_bind = tornado.tcpserver.TCPServer.bind


def _bind_one_address(self, port, address=None, *args, **kwargs):
    return _bind(self, port, HOST, *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_one_address


def _die_with_parent():
    while os.read(0, 4096):
        pass
    os.killpg(0, signal.SIGKILL)


if os.environ.get("CONFAB_APY_EXIT_WITH_STDIN") == "1":
    os.setpgid(0, 0)
    threading.Thread(target=_die_with_parent, name="exit-with-parent", daemon=True).start()

from apertium_apy.apy import main  # noqa: E402  (after the patch, which must come first)

if __name__ == "__main__":
    sys.exit(main())
