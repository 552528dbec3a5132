#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for seskey's login-check tests (aiosmtpd).

Modes:
  starttls  plain greeting, STARTTLS offered and required before AUTH (like SES on 587)
  implicit  TLS from the first byte (like SES on 465)
  plain     no TLS at all, AUTH offered in the clear (a client must refuse to log in here)

Prints "PORT <n>" on stdout once listening on a free port, then serves until its standard input
closes (the test process ended) or it is killed. Every command a client sends is appended to
--log as "<VERB> tls=<0|1>"; logins as "AUTH-OK <user>" or "AUTH-FAIL <user>". Arguments of AUTH
are never logged. Exits 3 when aiosmtpd is missing.
"""

import argparse
import asyncio
import os
import ssl
import sys
import threading

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    print("aiosmtpd is not installed: python3 -m pip install aiosmtpd==1.4.6", file=sys.stderr)
    sys.exit(3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["starttls", "implicit", "plain"], required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--log", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    args = ap.parse_args()

    log_file = open(args.log, "a", buffering=1)

    def log(line):
        log_file.write(line + "\n")
        log_file.flush()

    ctx = None
    if args.mode != "plain":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            log("AUTH-FAIL ?")
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        ok = user == args.user and auth_data.password.decode("utf-8", "replace") == args.password
        log(("AUTH-OK " if ok else "AUTH-FAIL ") + user)
        return AuthResult(success=ok, handled=False)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    class LoggingSMTP(SMTP):
        def __init__(self, *a, implicit_tls=False, **kw):
            super().__init__(*a, **kw)
            self._implicit_tls = implicit_tls
            wrapped = {}
            for verb, method in self._smtp_methods.items():
                wrapped[verb] = self._logged(verb, method)
            self._smtp_methods = wrapped

        def _logged(self, verb, method):
            async def call(arg):
                tls = self._implicit_tls or self._tls_protocol is not None
                log(f"{verb} tls={int(tls)}")
                return await method(arg)

            return call

    def factory():
        if args.mode == "starttls":
            return LoggingSMTP(
                Handler(),
                hostname="smtp.test",
                tls_context=ctx,
                require_starttls=True,
                auth_require_tls=True,
                authenticator=authenticator,
            )
        if args.mode == "implicit":
            return LoggingSMTP(
                Handler(),
                hostname="smtp.test",
                auth_require_tls=False,
                authenticator=authenticator,
                implicit_tls=True,
            )
        return LoggingSMTP(
            Handler(),
            hostname="smtp.test",
            auth_require_tls=False,
            authenticator=authenticator,
        )

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, host="127.0.0.1", port=0, ssl=ctx if args.mode == "implicit" else None
        )
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        async with server:
            await server.serve_forever()

    def exit_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
