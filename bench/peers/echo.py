#!/usr/bin/python3
"""virtwire bench helper: a blocking unix-socket echo server, or a ping-pong client.

  echo.py serve PATH          echo every connection's bytes back until EOF
  echo.py ping PATH N SIZE    N round trips of SIZE bytes; prints JSON {rttUs, cpuUs}
"""
import json
import os
import socket
import sys
import time


def serve(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(path)
    srv.listen(8)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)
        conn.close()


def ping(path, n, size):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    buf = b"x" * size

    def one():
        s.sendall(buf)
        got = 0
        while got < size:
            got += len(s.recv(65536))

    for _ in range(min(n, 2000)):
        one()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        one()
    t1, c1 = time.perf_counter(), time.process_time()
    print(json.dumps({"rttUs": (t1 - t0) / n * 1e6, "cpuUs": (c1 - c0) / n * 1e6}))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    else:
        ping(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
