"""A hostile IAM endpoint on 127.0.0.1 for tests/rotate.rs. Prints its port, then serves.

Modes (argv[1]):
  endless200  a 200 reply whose chunked body never ends
  endless500  the same as a 500 error
  silent      accepts, reads the request, never answers
  drip        sends one byte of a reply header a second
  inject      answers ListAccessKeys / GetAccessKeyLastUsed with terminal escapes and shell text
"""
import socket
import sys
import threading
import time

MODE = sys.argv[1]
CHUNK = b"<a>" + b"x" * 65536 + b"</a>"


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        part = conn.recv(65536)
        if not part:
            return data
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        part = conn.recv(65536)
        if not part:
            break
        body += part
    return body


LIST = """<ListAccessKeysResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
<ListAccessKeysResult><IsTruncated>false</IsTruncated><AccessKeyMetadata>
<member><UserName>smtp</UserName><AccessKeyId>{key}</AccessKeyId><Status>Active</Status>
<CreateDate>2024-01-01T00:00:00Z</CreateDate></member>
</AccessKeyMetadata></ListAccessKeysResult></ListAccessKeysResponse>"""

USED = """<GetAccessKeyLastUsedResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
<GetAccessKeyLastUsedResult><UserName>smtp</UserName><AccessKeyLastUsed>
<LastUsedDate>2024-02-01T00:00:00Z</LastUsedDate><ServiceName>ses&#27;]0;pwned&#7;</ServiceName>
<Region>eu-west-1&#27;[2J</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult>
</GetAccessKeyLastUsedResponse>"""


def inject(conn, body):
    if b"ListAccessKeys" in body:
        key = sys.argv[2] if len(sys.argv) > 2 else "AKIA$(touch x)&#10;SMTP_HOST=evil"
        reply = LIST.format(key=key)
    else:
        reply = USED
    data = reply.encode()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(data) + data)


def serve(conn):
    try:
        while True:
            body = read_request(conn)
            if MODE == "inject":
                inject(conn, body)
                continue
            if MODE == "silent":
                time.sleep(3600)
            if MODE == "drip":
                for b in b"HTTP/1.1 200 OK\r\nX-Drip: " + b"a" * 100000:
                    conn.sendall(bytes([b]))
                    time.sleep(1)
            status = b"200 OK" if MODE == "endless200" else b"500 Internal Server Error"
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n")
            piece = b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n"
            while True:
                conn.sendall(piece)
    except OSError:
        pass
    finally:
        conn.close()


sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(16)
print(sock.getsockname()[1], flush=True)
while True:
    c, _ = sock.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
