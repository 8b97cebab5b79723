# SPDX-License-Identifier: MIT
# Starts the bundled runtime loop (bootstrap.py, the first argument) under debugpy for a LambdaDesk debug
# session. debugpy listens on a loopback port the kernel picks; the port is reported to LambdaDesk over the
# channel named by LAMBDADESK_DEBUG_REPORT (host:port), and the loop waits for LambdaDesk to configure its
# breakpoints before it runs, so module-level (INIT) breakpoints stop too.
import os
import runpy
import socket
import sys


def report(line):
    host, port = os.environ["LAMBDADESK_DEBUG_REPORT"].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as channel:
        channel.sendall((line + "\n").encode("utf-8"))


def main():
    try:
        import debugpy
    except ImportError as error:
        report("error debugpy cannot be imported by %s (%s); install it with: apt-get install python3-debugpy"
               % (sys.executable, error))
        return 1
    # Never 0.0.0.0: whoever reaches a debugger's port can run code in the function.
    _, port = debugpy.listen(("127.0.0.1", 0))
    report("port %d" % port)
    debugpy.wait_for_client()
    runtime_loop = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(runtime_loop, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
