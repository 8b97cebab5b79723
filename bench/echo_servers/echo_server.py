# SPDX-License-Identifier: MIT
"""bench_warm's baseline for Python: the smallest keep-alive HTTP/1.1 echo server on raw sockets.

One thread per connection, blocking sockets, TCP_NODELAY; it answers each request with its body. It prints
"port N" once it listens on 127.0.0.1 (port 0: the kernel picks), and stops when stdin closes.
"""

import _socket
import sys
import threading


def serve(connection):
    buffer = b""
    try:
        while True:
            end = buffer.find(b"\r\n\r\n")
            while end < 0:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                end = buffer.find(b"\r\n\r\n")
            length = 0
            for line in buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buffer) < end + 4 + length:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            body = buffer[end + 4 : end + 4 + length]
            buffer = buffer[end + 4 + length :]
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
            )
    except OSError:
        pass
    finally:
        connection.close()


def main():
    listener = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    listener.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)

    def accept():
        while True:
            fd, _ = listener._accept()
            connection = _socket.socket(fileno=fd)
            connection.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdout.write("port %d\n" % listener.getsockname()[1])
    sys.stdout.flush()
    sys.stdin.read()  # the benchmark closes our stdin when it is done


main()
