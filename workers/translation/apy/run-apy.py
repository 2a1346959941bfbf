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
import os
import sys

import tornado.tcpserver

HOST = os.environ.get("CONFAB_APY_HOST", "127.0.0.1")
_bind = tornado.tcpserver.TCPServer.bind


def _bind_one_address(self, port, address=None, *args, **kwargs):
    return _bind(self, port, HOST, *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_one_address

from apertium_apy.apy import main  # noqa: E402  (after the patch, which must come first)

if __name__ == "__main__":
    sys.exit(main())
