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


def without_nagle():
    # pydevd writes each message's header and body in two sends; Nagle then holds the body back until the
    # adapter's delayed ACK (40 ms on Linux), and every request to a stopped function took about 45 ms.
    try:
        import pydevd
        from _pydevd_bundle import pydevd_comm
    except ImportError:
        return
    start_client = pydevd_comm.start_client

    def start_client_without_nagle(host, port):
        connection = start_client(host, port)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    pydevd_comm.start_client = start_client_without_nagle
    pydevd.start_client = start_client_without_nagle


def main():
    try:
        import debugpy
    except ImportError as error:
        report("error debugpy cannot be imported by %s (%s); install it with: apt-get install python3-debugpy"
               % (sys.executable, error))
        return 1
    without_nagle()
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
