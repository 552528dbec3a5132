#!/usr/bin/env python3
"""Hostile SMTP servers on 127.0.0.1 for tests/hostile_smtp.rs (standard library only).

Modes (one client connection each; further connections get the same treatment):
  endless-line       "220 " then "A" without end (no line end ever)
  endless-multiline  "220-x" lines without end (the reply never finishes)
  long-line          a 220 greeting of 2000 octets (RFC 5321 caps a reply line at 512), then a
                     polite EHLO/QUIT dialogue without STARTTLS
  inject             a STARTTLS server that answers STARTTLS with
                     "220 go ahead\\r\\n250-fake\\r\\n250 AUTH PLAIN LOGIN\\r\\n235 fake\\r\\n" in one
                     packet, then really does TLS (--cert/--key) and answers AUTH with 535
  drip               "220 " then one "A" every --interval seconds, forever

"Forever" is capped at --cap bytes (then the server holds the connection silently), so that a
client without a bound fails the test without taking the machine's memory with it.

Prints "PORT <n>" once listening, serves until its standard input closes or it is killed, and
appends events to --log: "CONNECTED", "<VERB> tls=<0|1>" for each command read, "AUTH-SENT tls=1"
when credentials arrived, "HANDSHAKE-FAILED", "CLOSED sent=<n>" when the client went away.
"""

import argparse
import os
import socket
import ssl
import sys
import threading
import time

INJECTION = b"220 go ahead\r\n250-fake\r\n250 AUTH PLAIN LOGIN\r\n235 fake\r\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--mode",
        required=True,
        choices=["endless-line", "endless-multiline", "long-line", "inject", "drip"],
    )
    ap.add_argument("--log", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--cap", type=int, default=256 * 1024 * 1024)
    ap.add_argument("--interval", type=float, default=1.0)
    args = ap.parse_args()

    log_file = open(args.log, "a", buffering=1)
    lock = threading.Lock()

    def log(line):
        with lock:
            log_file.write(line + "\n")
            log_file.flush()

    def stream(conn, first, chunk):
        """Sends `first`, then `chunk` until --cap bytes went out or the client left."""
        sent = 0
        try:
            conn.sendall(first)
            sent += len(first)
            while sent < args.cap:
                conn.sendall(chunk)
                sent += len(chunk)
            # Capped: hold the connection without a word until the client leaves.
            while conn.recv(4096):
                pass
        except OSError:
            pass
        log(f"CLOSED sent={sent}")

    def drip(conn):
        sent = 0
        try:
            conn.sendall(b"220 ")
            while True:
                time.sleep(args.interval)
                conn.sendall(b"A")
                sent += 1
        except OSError:
            pass
        log(f"CLOSED sent={sent}")

    def lines(f, tls):
        """Yields the client's command lines, logging each verb."""
        for raw in f:
            line = raw.rstrip(b"\r\n")
            verb = line.split(b" ", 1)[0].upper().decode("ascii", "replace")
            log(f"{verb} tls={int(tls)}")
            yield verb, line

    def long_line(conn):
        f = conn.makefile("rb")
        conn.sendall(b"220 " + b"A" * 2000 + b"\r\n")
        for verb, _ in lines(f, False):
            if verb in ("EHLO", "HELO"):
                conn.sendall(b"250-hostile\r\n250 AUTH PLAIN LOGIN\r\n")
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                break
            else:
                conn.sendall(b"502 no\r\n")
        log("CLOSED sent=0")

    def inject(conn):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(args.cert, args.key)
        conn.sendall(b"220 hostile ESMTP\r\n")
        # Read the plaintext part one byte at a time so that no TLS byte is consumed here.
        line = b""
        while True:
            b = conn.recv(1)
            if not b:
                log("CLOSED sent=0")
                return
            line += b
            if not line.endswith(b"\n"):
                continue
            verb = line.split(b" ", 1)[0].strip().upper().decode("ascii", "replace")
            log(f"{verb} tls=0")
            line = b""
            if verb in ("EHLO", "HELO"):
                conn.sendall(b"250-hostile\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n")
            elif verb == "STARTTLS":
                conn.sendall(INJECTION)
                break
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                log("CLOSED sent=0")
                return
            else:
                conn.sendall(b"530 STARTTLS first\r\n")
        try:
            tls = ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            log("HANDSHAKE-FAILED")
            return
        f = tls.makefile("rb")
        try:
            for verb, line in lines(f, True):
                if verb in ("EHLO", "HELO"):
                    tls.sendall(b"250-hostile\r\n250 AUTH PLAIN LOGIN\r\n")
                elif verb == "AUTH":
                    parts = line.split(b" ")
                    if len(parts) >= 3 or (len(parts) == 2 and parts[1].upper() == b"PLAIN"):
                        if len(parts) == 2:
                            tls.sendall(b"334 \r\n")
                            f.readline()
                        log("AUTH-SENT tls=1")
                        tls.sendall(b"535 5.7.8 Authentication credentials invalid\r\n")
                    else:
                        tls.sendall(b"334 VXNlcm5hbWU6\r\n")
                        f.readline()
                        tls.sendall(b"334 UGFzc3dvcmQ6\r\n")
                        f.readline()
                        log("AUTH-SENT tls=1")
                        tls.sendall(b"535 5.7.8 Authentication credentials invalid\r\n")
                elif verb == "QUIT":
                    tls.sendall(b"221 bye\r\n")
                    break
                else:
                    tls.sendall(b"502 no\r\n")
        except (OSError, ssl.SSLError):
            pass
        log("CLOSED sent=0")

    def serve(conn):
        log("CONNECTED")
        try:
            if args.mode == "endless-line":
                stream(conn, b"220 ", b"A" * 65536)
            elif args.mode == "endless-multiline":
                stream(conn, b"", b"220-x\r\n" * 8192)
            elif args.mode == "long-line":
                long_line(conn)
            elif args.mode == "inject":
                inject(conn)
            else:
                drip(conn)
        except OSError:
            log("CLOSED sent=?")
        finally:
            try:
                conn.close()
            except OSError:
                pass

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    print(f"PORT {listener.getsockname()[1]}", flush=True)

    def exit_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
